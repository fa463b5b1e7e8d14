"""The award pages: an operator defines and runs a programme, an admin nominates their organisation, an
operator assigns judges (none from the nominee), judges score, the operator decides and the certificate is
downloaded; evidence records are linked only for readers who may open them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.organisations.models import Membership, Organisation
from innobelt.showcase.models import AwardProgramme, Nomination, ReviewerAssignment, Score
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)
from tests.showcase.factories import NominationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _programme_post(**extra):
    data = {
        "kind": "incubator",
        "title_zh": "优秀创新孵化器",
        "title_en": "Outstanding Incubator",
        "year": 2026,
        "eligible_kinds": ["incubator"],
        "eligibility": "Incubators of the district.",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2099-12-31T17:00",
        "evidence_from": "2025-01-01",
        "evidence_to": "2025-12-31",
        "criterion_0_name_zh": "共享",
        "criterion_0_name_en": "Sharing",
        "criterion_0_weight": 70,
        "criterion_0_evidence": "hours_shared",
        "criterion_1_name_en": "Impact",
        "criterion_1_weight": 30,
    }
    return data | extra


@pytest.fixture
def district(db):
    pudong = CityFactory(slug="pudong", name_zh="浦东新区", name_en="Pudong")
    incubator = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, city=pudong, name_en="Pudong Incubator")
    return {
        "city": pudong,
        "operator": UserFactory(operator_for=[pudong]),
        "incubator": incubator,
        "admin": MembershipFactory(organisation=incubator, role=Membership.Role.ADMIN).user,
        "colleague": MembershipFactory(organisation=incubator).user,
    }


def test_an_operator_defines_a_bilingual_programme_and_opens_it(district):
    operator = _client(district["operator"])
    response = operator.post("/en/showcase/awards/new/", _programme_post(city=district["city"].pk))
    programme = AwardProgramme.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/showcase/awards/{programme.pk}/")
    assert (programme.title_zh, programme.title_en, programme.city) == (
        "优秀创新孵化器",
        "Outstanding Incubator",
        district["city"],
    )
    assert [(c.name_en, c.weight, c.evidence) for c in programme.criteria.all()] == [
        ("Sharing", 70, "hours_shared"),
        ("Impact", 30, ""),
    ]
    assert programme.eligible_kinds == ["incubator"] and programme.status == AwardProgramme.Status.DRAFT
    assert "优秀创新孵化器" in operator.get(f"/showcase/awards/{programme.pk}/").content.decode()
    assert "Outstanding Incubator" in operator.get(f"/en/showcase/awards/{programme.pk}/").content.decode()
    operator.post(f"/showcase/awards/{programme.pk}/status/", {"status": "open"})
    programme.refresh_from_db()
    assert programme.status == AwardProgramme.Status.OPEN


def test_weights_not_adding_up_are_refused_in_the_users_language(district):
    operator = _client(district["operator"])
    response = operator.post("/en/showcase/awards/new/", _programme_post(city=district["city"].pk, criterion_1_weight=20))
    assert response.status_code == 200 and "add up to 90; they must add up to 100" in response.content.decode()
    response = operator.post("/showcase/awards/new/", _programme_post(city=district["city"].pk, criterion_1_weight=20))
    assert "100" in response.content.decode() and "must add up" not in response.content.decode()
    assert not AwardProgramme.objects.exists()


def test_a_district_operator_cannot_define_for_another_district(district):
    other = CityFactory()
    response = _client(district["operator"]).post("/showcase/awards/new/", _programme_post(city=other.pk))
    assert response.status_code == 200 and not AwardProgramme.objects.exists()


def test_an_admin_nominates_their_own_eligible_organisation_only(district):
    programme = ProgrammeFactory(city=district["city"], eligible_kinds=["incubator"])
    other = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, name_en="Someone Else")
    admin = _client(district["admin"])
    page = admin.get(f"/en/showcase/awards/{programme.pk}/nominate/").content.decode()
    assert "Pudong Incubator" in page and "Someone Else" not in page
    admin.post(f"/showcase/awards/{programme.pk}/nominate/", {"organisation": other.pk, "statement": "x"})
    assert not Nomination.objects.exists()
    response = admin.post(f"/showcase/awards/{programme.pk}/nominate/", {"organisation": district["incubator"].pk, "statement": "We grow."})
    nomination = Nomination.objects.get()
    assert response["Location"].endswith(f"/showcase/nominations/{nomination.pk}/")
    assert nomination.organisation == district["incubator"] and not nomination.by_operator
    assert _client(district["colleague"]).get(f"/showcase/awards/{programme.pk}/nominate/").status_code == 403


def test_judging_through_the_pages_to_the_certificate(district):
    programme = ProgrammeFactory(city=district["city"])
    nomination = NominationFactory(programme=programme, organisation=district["incubator"])
    operator = _client(district["operator"])
    judge, second = UserFactory(email="judge@example.com"), UserFactory(email="second@example.com")
    url = f"/showcase/nominations/{nomination.pk}/"
    # a judge from the nominee's own organisation is refused, with a reason
    refused = operator.post("/en" + url + "reviewers/", {"email": district["colleague"].email}, follow=True)
    assert "own people cannot review it" in refused.content.decode()
    assert not ReviewerAssignment.objects.exists()
    operator.post(url + "reviewers/", {"email": "judge@example.com"})
    operator.post(url + "reviewers/", {"email": "second@example.com"})
    assert set(ReviewerAssignment.objects.values_list("reviewer__email", flat=True)) == {
        "judge@example.com",
        "second@example.com",
    }
    sharing, impact = programme.criteria.all()
    judge_client = _client(judge)
    assert 'id="score-form"' in judge_client.get(url).content.decode()
    judge_client.post(url + "scores/", {f"score_{sharing.pk}": 8, f"score_{impact.pk}": 5, f"comment_{sharing.pk}": "Busy"})
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 8]
    # 60 × 8 / 10 + 40 × 5 / 10 = 68
    assert "68.00" in judge_client.get("/en" + url).content.decode()
    second_client = _client(second)
    second_client.post(url + "conflict/", {"note": "I advised them."})
    assert ReviewerAssignment.objects.get(reviewer=second).conflict_declared
    assert second_client.post(url + "scores/", {f"score_{sharing.pk}": 1, f"score_{impact.pk}": 1}).status_code == 403
    assert Score.objects.count() == 2
    # decisions once closed; the certificate once the results are published
    operator.post(f"/showcase/awards/{programme.pk}/status/", {"status": "closed"})
    operator.post(url + "decision/", {"award": "1"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED
    operator.post(f"/showcase/awards/{programme.pk}/status/", {"status": "published"})
    page = _client(district["colleague"]).get("/en" + url).content.decode()
    assert f"/showcase/certificates/{nomination.pk}.pdf" in page
    pdf = Client().get(f"/showcase/certificates/{nomination.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_nominee_member_who_became_a_judge_cannot_score(district):
    programme = ProgrammeFactory(city=district["city"])
    nomination = NominationFactory(programme=programme, organisation=district["incubator"])
    insider = UserFactory()
    ReviewerAssignment.objects.create(nomination=nomination, reviewer=insider)
    MembershipFactory(organisation=district["incubator"], user=insider)  # joined the nominee afterwards
    sharing, impact = programme.criteria.all()
    _client(insider).post(f"/showcase/nominations/{nomination.pk}/scores/", {f"score_{sharing.pk}": 9, f"score_{impact.pk}": 9})
    assert not Score.objects.exists()


def test_evidence_records_are_linked_only_for_readers_who_may_open_them(district):
    incubator = district["incubator"]
    hidden = ResourceFactory(owner=incubator, title_en="Unlisted instrument", status="draft", published_at=None)
    client_org = OrganisationFactory(kind=Organisation.Kind.SME)
    start = (timezone.localtime() - timedelta(days=5)).replace(hour=9, minute=0, second=0, microsecond=0)
    access = AccessRequestFactory(resource=hidden, organisation=client_org, status="active", decided_at=start)
    BookingFactory(access_request=access, start=start, end=start + timedelta(hours=2))
    programme = ProgrammeFactory(city=district["city"])
    operator = _client(district["operator"])
    operator.post(f"/showcase/awards/{programme.pk}/nominate/", {"organisation": incubator.pk, "statement": ""})
    nomination = Nomination.objects.get()
    assert nomination.by_operator and nomination.figure("hours_shared") == 2
    judge = UserFactory(email="judge@example.com")
    operator.post(f"/showcase/nominations/{nomination.pk}/reviewers/", {"email": "judge@example.com"})
    link = f'href="/en/resources/{hidden.pk}/"'
    assert link in _client(district["colleague"]).get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
    judge_page = _client(judge).get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
    assert "Unlisted instrument" in judge_page and link not in judge_page


def test_a_nomination_page_opens_for_the_nominees_team_its_reviewers_and_operators_only(district):
    programme = ProgrammeFactory(city=district["city"])
    nomination = NominationFactory(programme=programme, organisation=district["incubator"], statement="OUR-STATEMENT-5521")
    rival = NominationFactory(programme=programme)
    judge, rivals_judge = UserFactory(), UserFactory()
    ReviewerAssignment.objects.create(nomination=nomination, reviewer=judge)
    ReviewerAssignment.objects.create(nomination=rival, reviewer=rivals_judge)
    readers = [district["admin"], district["colleague"], judge, district["operator"], UserFactory(is_platform_operator=True)]
    others = [
        MembershipFactory(organisation=rival.organisation).user,  # nominated in the same programme
        rivals_judge,  # judges another nomination of the programme
        UserFactory(operator_for=[CityFactory()]),
        UserFactory(),
    ]
    url = f"/en/showcase/nominations/{nomination.pk}/"
    for reader in readers:
        response = _client(reader).get(url)
        assert response.status_code == 200 and "OUR-STATEMENT-5521" in response.content.decode(), reader
    for other in others:
        response = _client(other).get(url)
        assert response.status_code == 404 and "OUR-STATEMENT-5521" not in response.content.decode(), other
    assert Client().get(url).status_code == 404
