"""The platform steers seekers to instruments with unused pledged hours: every register card says how many pledged hours
are free this quarter, and the page of an instrument the seeker would pay for (no pledged hours left there) lists
instruments of the same industries whose pledge has hours free, the most first."""

from django.test import Client
from django.utils import translation

from innobelt.resources.domain import book_equipment
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.statements import set_pledge
from innobelt.resources.models import Resource
from tests.factories import AccessRequestFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory
from tests.resources.conftest import at


def _client(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _chinese(user, path: str) -> str:
    client = Client()  # no prefix: the platform's default language, Chinese
    client.force_login(user)
    with translation.override("zh-hans"):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _others(scene):
    """Equipment of another laboratory: two in the scene's industry with hours free (5 and 2), one whose single pledged
    hour is used, one in another industry and a draft, both with hours free."""
    lab = OrganisationFactory(kind="laboratory", city=scene.city)
    admin = MembershipFactory(organisation=lab, role="admin").user
    free5, free2, spent = (ResourceFactory(owner=lab, industries=[scene.industry]) for _ in range(3))
    elsewhere = ResourceFactory(owner=lab, industries=[IndustryFactory()])
    draft = ResourceFactory(owner=lab, industries=[scene.industry], status=Resource.Status.DRAFT)
    for resource, hours in ((free5, 5), (free2, 2), (spent, 1), (elsewhere, 9), (draft, 9)):
        set_pledge(actor=admin, resource=resource, hours_per_quarter=hours)
    set_prices(actor=admin, resource=spent, prices={("sme", "hour"): "10"})
    access = AccessRequestFactory(resource=spent, organisation=scene.seeker_org, requested_by=scene.seeker)
    book_equipment(actor=scene.seeker, access_request=access, start=at(1, 9), end=at(1, 10))  # draws the one pledged hour
    return lab, admin, free5, free2


def test_a_priced_instrument_without_pledged_hours_left_points_to_those_with_hours_free(scene):
    _lab, _admin, free5, free2 = _others(scene)
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "80"})
    response = _client(scene.seeker).get(f"/en/resources/{scene.equipment.pk}/")
    assert [r.pk for r in response.context["pledged_elsewhere"]] == [free5.pk, free2.pk]  # same industry, most hours first
    html = response.content.decode()
    assert 'id="pledged-elsewhere"' in html and "5 pledged hours free" in html and "2 pledged hours free" in html
    assert "/resources/?kind=equipment&amp;pledged=on" in html
    assert "pledged-elsewhere" in _client().get(f"/en/resources/{scene.equipment.pk}/").content.decode()  # anyone browsing, too
    zh = _chinese(scene.seeker, f"/resources/{scene.equipment.pk}/")
    assert "其他仪器的免费承诺机时" in zh and "免费承诺机时 5 小时" in zh


def test_no_pointer_where_the_seeker_pays_nothing_here_or_to_the_owner(scene):
    _others(scene)
    seeker, page = _client(scene.seeker), f"/en/resources/{scene.equipment.pk}/"
    assert seeker.get(page).context["pledged_elsewhere"] == []  # free equipment
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "80"})
    assert _client(scene.owner_admin).get(page).context["pledged_elsewhere"] == []  # its owner does not book it
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=3)
    assert seeker.get(page).context["pledged_elsewhere"] == []  # its own pledge has hours left
    assert 'id="pledged-elsewhere"' not in seeker.get(page).content.decode()


def test_register_cards_say_how_many_pledged_hours_are_free(scene):
    _lab, _admin, free5, free2 = _others(scene)
    response = _client(scene.seeker).get("/en/resources/")
    reasons = {r.pk: [(why.code, why.text) for why in whys] for r, whys in response.context["rows"]}
    assert ("pledge", "5 pledged hours free this quarter") in reasons[free5.pk]
    assert ("pledge", "2 pledged hours free this quarter") in reasons[free2.pk]
    assert not [code for code, _text in reasons[scene.equipment.pk] if code == "pledge"]  # no pledge
    spent = [pk for pk in reasons if pk not in (free5.pk, free2.pk, scene.equipment.pk)
             and Resource.objects.get(pk=pk).industries.filter(pk=scene.industry.pk).exists()]
    assert spent and all(code != "pledge" for pk in spent for code, _text in reasons[pk])  # its hour is used
    assert 'class="why-pledge"' in response.content.decode()
    api = {item["id"]: item["why"] for item in _client(scene.seeker).get("/api/v1/resources").json()["items"]}
    assert {"code": "pledge", "value": "5", "field": "pledge", "text": "5 pledged hours free this quarter"} in api[free5.pk]
    assert all(why["code"] != "pledge" for why in api[scene.equipment.pk])
    zh = _chinese(scene.seeker, "/resources/")
    assert "本季度尚有 5 小时共享承诺机时免费" in zh


def test_the_cards_hours_follow_a_booking_while_they_are_kept(scene, page_cache_on):
    """Every pledge's hours are kept until a row of the register changes (queries.pledge_left_of): a booking that draws
    on a pledge shows at once."""
    _lab, admin, free5, _free2 = _others(scene)
    seeker = _client(scene.seeker)

    def said() -> list[tuple[str, str]]:
        rows = seeker.get("/en/resources/?kind=equipment").context["rows"]
        return [(why.code, why.text) for resource, whys in rows if resource.pk == free5.pk for why in whys]

    assert ("pledge", "5 pledged hours free this quarter") in said()
    set_prices(actor=admin, resource=free5, prices={("sme", "hour"): "10"})
    access = AccessRequestFactory(resource=free5, organisation=scene.seeker_org, requested_by=scene.seeker)
    book_equipment(actor=scene.seeker, access_request=access, start=at(2, 9), end=at(2, 11))
    assert ("pledge", "3 pledged hours free this quarter") in said()
