"""The needs pages in both languages: post, search, answer, decide; confidential details stay hidden."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from innobelt.challenges.models import Need, NeedInterest
from tests.challenges.factories import NeedFactory, NeedInterestFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_verified_member_posts_a_need_on_the_page(scene):
    client = signed_in(scene.owner_member)
    form = client.get("/en/needs/new/")
    assert form.status_code == 200 and 'name="problem"' in form.content.decode()
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        "/en/needs/new/",
        {
            "owner": scene.owner_org.pk,
            "title_zh": "",
            "title_en": "Lightweight cabin seat frame",
            "text_language": "en",
            "problem": "Seat frames are too heavy.",
            "desired_outcome": "",
            "details": "",
            "industries": [scene.industry.pk],
            "budget_min": "100000",
            "budget_max": "300000",
            "deadline": deadline,
            "confidentiality": "public",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/needs/{need.pk}/"
    assert str(need.budget_min) == "100000.00"


def test_a_refused_need_shows_the_error_in_the_page_language_and_stores_nothing(scene):
    client = signed_in(scene.owner_member)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = {"owner": scene.owner_org.pk, "title_en": "Too late", "text_language": "en", "problem": "p", "deadline": past, "confidentiality": "public"}
    english = client.post("/en/needs/new/", data).content.decode()
    chinese = client.post("/needs/new/", data).content.decode()
    assert "Give a deadline between today and" in english
    assert "请给出今天到" in chinese
    assert Need.objects.count() == 0


def test_someone_without_a_verified_organisation_is_told_why(scene):
    page = signed_in(scene.unverified_member).get("/en/needs/new/").content.decode()
    assert 'id="needs-verification"' in page and 'name="problem"' not in page
    response = signed_in(scene.unverified_member).post("/en/needs/new/", {"title_en": "x"})
    assert response.status_code == 200 and Need.objects.count() == 0


def test_search_finds_a_chinese_need_with_chinese_and_its_english_title(scene):
    NeedFactory(owner=scene.owner_org, title_zh="复合材料检测", title_en="Composite inspection")
    NeedFactory(owner=scene.owner_org, title_zh="电池回收", title_en="Battery recycling")
    page = Client().get("/en/needs/?q=composites").content.decode()
    assert "Composite inspection" in page and "Battery recycling" not in page
    page = Client().get("/needs/?q=复合材料").content.decode()
    assert "复合材料检测" in page and "电池回收" not in page


def test_answering_and_deciding_on_the_pages(scene):
    need = NeedFactory(owner=scene.owner_org, confidentiality=Need.Confidentiality.NDA, details="SECRET-DRAWING-88")
    solver = signed_in(scene.solver)
    page = solver.get(f"/en/needs/{need.pk}/").content.decode()
    assert 'id="interest-form"' in page and "SECRET-DRAWING-88" not in page and 'id="need-details-hidden"' in page
    response = solver.post(f"/en/needs/{need.pk}/interest/", {"organisation": scene.solver_org.pk, "message": "We can."})
    assert response.status_code == 302
    interest = NeedInterest.objects.get()
    owner = signed_in(scene.owner_admin)
    mine = owner.get("/en/needs/mine/").content.decode()
    assert scene.solver_org.name in mine or scene.solver_org.name_en in mine
    assert owner.post(f"/en/needs/interests/{interest.pk}/accept/").status_code == 302
    page = solver.get(f"/en/needs/{need.pk}/").content.decode()
    assert "SECRET-DRAWING-88" in page and 'id="interest-form"' not in page


def test_a_declined_solver_sees_the_reason(scene):
    need = NeedFactory(owner=scene.owner_org)
    interest = NeedInterestFactory(need=need, organisation=scene.solver_org, submitted_by=scene.solver)
    signed_in(scene.owner_admin).post(f"/en/needs/interests/{interest.pk}/decline/", {"reason": "Budget is spent."})
    mine = signed_in(scene.solver).get("/en/needs/mine/").content.decode()
    assert "Budget is spent." in mine
    empty = signed_in(scene.owner_admin).post(f"/en/needs/interests/{interest.pk}/decline/", {"reason": ""})
    assert empty.status_code == 302 and NeedInterest.objects.get().decline_reason == "Budget is spent."


def test_renewing_and_closing_on_the_page(scene):
    need = NeedFactory(owner=scene.owner_org, status=Need.Status.EXPIRED, deadline=timezone.localdate() - timedelta(days=2))
    client = signed_in(scene.owner_admin)
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert client.post(f"/en/needs/{need.pk}/renew/", {"deadline": later}).status_code == 302
    need.refresh_from_db()
    assert need.status == "open" and need.deadline.isoformat() == later
    client.post(f"/en/needs/{need.pk}/close/")
    assert Need.objects.get(pk=need.pk).status == "closed"
    assert "closed" not in [n.status for n in Need.objects.filter(pk__in=[])]  # nothing else touched


def test_a_need_for_verified_members_is_not_told_to_exist(scene):
    need = NeedFactory(owner=scene.owner_org, confidentiality=Need.Confidentiality.VERIFIED, title_en="Hidden need")
    assert Client().get(f"/en/needs/{need.pk}/").status_code == 404
    assert signed_in(scene.unverified_member).get(f"/en/needs/{need.pk}/").status_code == 404
    assert "Hidden need" not in Client().get("/en/needs/").content.decode()
    assert signed_in(scene.solver).get(f"/en/needs/{need.pk}/").status_code == 200
