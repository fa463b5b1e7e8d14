"""Changing an award programme (`domain.awards.update_programme`) on its page and through
`PATCH /api/v1/awards/{id}`: everything while a draft; once nominations are open only the wording and the
closing time, once closed only the wording, once published nothing; refused changes name the field in the
caller's language and write nothing."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Membership, Organisation
from innobelt.showcase.domain.awards import update_programme
from innobelt.showcase.models import AwardProgramme
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.showcase.factories import NominationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = AwardProgramme.Status


@pytest.fixture
def scene(db):
    pudong = CityFactory(slug="pudong", name_en="Pudong")
    incubator = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, city=pudong)
    return {
        "city": pudong,
        "operator": UserFactory(operator_for=[pudong]),
        "elsewhere": UserFactory(operator_for=[CityFactory()]),
        "admin": MembershipFactory(organisation=incubator, role=Membership.Role.ADMIN).user,
        "incubator": incubator,
    }


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _patch(client, programme, body, language="en"):
    return client.patch(
        f"/api/v1/awards/{programme.pk}", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def _fields(response):
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def _snapshot(programme):
    programme = AwardProgramme.objects.get(pk=programme.pk)
    criteria = [(c.name_en, c.weight, c.evidence) for c in programme.criteria.all()]
    return (programme.kind, programme.title_en, programme.description, programme.year, programme.eligible_kinds,
            programme.opens_at, programme.closes_at, programme.evidence_from, programme.evidence_to, criteria)


def test_a_draft_changes_everything_criteria_included(scene):
    programme = ProgrammeFactory(city=scene["city"], status=Status.DRAFT)
    response = _patch(_client(scene["operator"]), programme, {
        "kind": "incubator", "title_en": "Outstanding Incubator 2026", "year": 2027, "eligible_kinds": ["incubator"],
        "evidence_from": "2025-01-01", "evidence_to": "2025-12-31",
        "criteria": [{"name_en": "Startups", "weight": 55, "evidence": "startups_incubated"}, {"name_zh": "影响", "weight": 45}],
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["title_en"], body["year"], body["eligible_kinds"]) == ("incubator", "Outstanding Incubator 2026", 2027, ["incubator"])
    assert [(c["name"], c["weight"], c["evidence"]) for c in body["criteria"]] == [("Startups", 55, "startups_incubated"), ("影响", 45, "")]
    programme.refresh_from_db()
    assert (programme.evidence_from, programme.evidence_to) == (date(2025, 1, 1), date(2025, 12, 31))
    entry = AuditEntry.objects.get(action="award_programme.changed", target_id=str(programme.pk))
    assert entry.data["fields"] == ["criteria", "eligible_kinds", "evidence_from", "evidence_to", "kind", "title_en", "year"]


def test_an_open_programme_changes_its_wording_and_closing_time_only(scene):
    programme = ProgrammeFactory(city=scene["city"], eligible_kinds=["incubator"])
    NominationFactory(programme=programme, organisation=scene["incubator"])
    client = _client(scene["operator"])
    later = (timezone.now() + timedelta(days=60)).replace(microsecond=0)
    response = _patch(client, programme, {"title_zh": "优秀孵化器", "description": "Extended.", "closes_at": later.isoformat()})
    assert response.status_code == 200, response.content
    programme.refresh_from_db()
    assert (programme.title_zh, programme.description, programme.closes_at) == ("优秀孵化器", "Extended.", later)
    before = _snapshot(programme)
    for body in (
        {"kind": "incubator"},
        {"year": 2030},
        {"eligible_kinds": ["incubator", "startup"]},
        {"eligibility": "Anyone."},
        {"opens_at": (timezone.now() - timedelta(days=9)).isoformat()},
        {"evidence_from": "2019-01-01"},
        {"evidence_to": "2031-12-31"},
        {"criteria": [{"name_en": "Sharing", "weight": 50}, {"name_en": "Impact", "weight": 50}]},
        {"title_en": "Fine", "evidence_to": "2031-12-31"},  # one refused field refuses the whole change
    ):
        for language, words in (("en", "cannot change any more"), ("zh-hans", "不能再更改")):
            response = _patch(client, programme, body, language)
            assert response.status_code == 400, (body, response.content)
            assert response.json()["error"]["code"] == "rejected"
            refused = [name for name in body if name != "title_en"]
            assert set(_fields(response)) == set(refused) and words in _fields(response)[refused[0]], (body, response.content)
    assert _snapshot(programme) == before
    # the same values sent back are no change; the same kinds in another order neither
    same = {"kind": programme.kind, "year": programme.year, "eligible_kinds": ["incubator"],
            "evidence_from": programme.evidence_from.isoformat(), "criteria": [
                {"name_en": "Sharing", "weight": 60}, {"name_en": "Impact", "weight": 40}]}
    assert _patch(client, programme, same).status_code == 200
    assert _snapshot(programme) == before
    # nominations cannot be closed in the past through a change: that is the next step's job
    response = _patch(client, programme, {"closes_at": (timezone.now() - timedelta(minutes=1)).isoformat()})
    assert response.status_code == 400 and "next step" in _fields(response)["closes_at"]


def test_a_closed_programme_changes_its_wording_and_a_published_one_nothing(scene):
    closed = ProgrammeFactory(city=scene["city"], status=Status.CLOSED)
    client = _client(scene["operator"])
    assert _patch(client, closed, {"title_en": "Renamed", "description": "In review."}).status_code == 200
    response = _patch(client, closed, {"closes_at": (timezone.now() + timedelta(days=90)).isoformat()})
    assert response.status_code == 400 and "closes_at" in _fields(response)
    published = ProgrammeFactory(city=scene["city"], status=Status.PUBLISHED, published_at=timezone.now())
    before = _snapshot(published)
    for body in ({"title_en": "Renamed"}, {"description": "x"}):
        response = _patch(client, published, body)
        assert response.status_code == 400 and set(_fields(response)) == set(body)
    assert _snapshot(published) == before


def test_bad_values_are_400s_naming_the_field(scene):
    programme = ProgrammeFactory(city=scene["city"], status=Status.DRAFT)
    client = _client(scene["operator"])
    before = _snapshot(programme)
    for body, field, words in (
        ({"title_en": None}, "title_en", "cannot be empty"),
        ({"criteria": None}, "criteria", "cannot be empty"),
        ({"criteria": [{"name_en": "Only", "weight": 90}]}, "criteria", "add up to 90"),
        ({"title_zh": "", "title_en": ""}, "__all__", "Chinese or an English title"),
        ({"evidence_from": "2031-01-01"}, "__all__", "ends after it starts"),
        ({"evidence_to": "2200-01-01"}, "evidence_to", "2100-12-31"),
        ({"eligible_kinds": ["dragon"]}, "eligible_kinds", "Unknown kind"),
    ):
        response = _patch(client, programme, body)
        assert response.status_code == 400, (body, response.content)
        fields = _fields(response)
        assert any(words in message for message in fields.values()), (body, fields)
        assert field in fields or field == "__all__", (body, fields)
    assert _patch(client, programme, {"year": "soon"}).status_code == 422
    assert _snapshot(programme) == before
    assert not AuditEntry.objects.filter(action="award_programme.changed").exists()


def test_only_the_programmes_operators_change_it(scene):
    programme = ProgrammeFactory(city=scene["city"])
    before = _snapshot(programme)
    assert _patch(_client(), programme, {"title_en": "x"}).status_code == 401
    for user in (scene["admin"], scene["elsewhere"]):
        assert _patch(_client(user), programme, {"title_en": "x"}).status_code == 403
        assert _client(user).get(f"/showcase/awards/{programme.pk}/edit/").status_code == 403
        with pytest.raises(PermissionDenied):
            update_programme(actor=user, programme=programme, title_en="x")
    draft = ProgrammeFactory(city=scene["city"], status=Status.DRAFT)
    assert _patch(_client(scene["elsewhere"]), draft, {"title_en": "x"}).status_code == 404  # a draft is private
    assert _client(scene["elsewhere"]).get(f"/showcase/awards/{draft.pk}/edit/").status_code == 404
    assert _patch(_client(UserFactory(is_platform_operator=True)), programme, {"title_en": "By the platform"}).status_code == 200
    assert _snapshot(programme)[1:] == ("By the platform", *before[2:])


def test_the_page_disables_what_the_step_no_longer_changes(scene):
    programme = ProgrammeFactory(city=scene["city"], title_en="Before")
    client = _client(scene["operator"])
    page = client.get(f"/en/showcase/awards/{programme.pk}/edit/").content.decode()
    assert 'id="frozen-note"' in page
    assert 'name="evidence_from"' in page and 'name="title_en"' in page
    assert page.count("disabled") >= 6  # kind, year, kinds, eligibility, dates and criteria
    before = _snapshot(programme)
    response = client.post(f"/en/showcase/awards/{programme.pk}/edit/", {
        "title_en": "After", "title_zh": programme.title_zh, "description": "New words.",
        "closes_at": timezone.localtime(programme.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "evidence_from": "2001-01-01", "year": 1999, "criterion_0_weight": 5,  # disabled: ignored
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert (programme.title_en, programme.description) == ("After", "New words.")
    assert _snapshot(programme)[3:4] + _snapshot(programme)[7:] == before[3:4] + before[7:]
    detail = client.get(f"/en/showcase/awards/{programme.pk}/").content.decode()
    assert 'id="edit-programme"' in detail


def test_a_draft_is_changed_on_its_page_criteria_included(scene):
    programme = ProgrammeFactory(city=scene["city"], status=Status.DRAFT)
    client = _client(scene["operator"])
    data = {
        "kind": "incubator", "title_zh": "孵化器奖", "title_en": "Incubator award", "year": 2026,
        "eligible_kinds": ["incubator"], "opens_at": "2026-01-01T09:00", "closes_at": "2099-12-31T17:00",
        "evidence_from": "2025-01-01", "evidence_to": "2025-12-31",
        "criterion_0_name_en": "Startups", "criterion_0_weight": 80, "criterion_0_evidence": "startups_incubated",
        "criterion_1_name_en": "Impact", "criterion_1_weight": 10,
    }
    response = client.post(f"/en/showcase/awards/{programme.pk}/edit/", data)
    assert response.status_code == 200 and "add up to 90" in response.content.decode()
    assert _client(scene["operator"]).post(f"/showcase/awards/{programme.pk}/edit/", data).status_code == 200
    response = client.post(f"/en/showcase/awards/{programme.pk}/edit/", data | {"criterion_1_weight": 20})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert [(c.name_en, c.weight) for c in programme.criteria.all()] == [("Startups", 80), ("Impact", 20)]
    assert programme.kind == "incubator" and programme.eligible_kinds == ["incubator"]


def test_the_domain_refuses_unknown_fields(scene):
    programme = ProgrammeFactory(city=scene["city"], status=Status.DRAFT)
    with pytest.raises(ValidationError) as refused:
        update_programme(actor=scene["operator"], programme=programme, status="published")
    assert "status" in refused.value.message_dict


def test_a_draft_with_more_criteria_than_the_page_has_rows_keeps_them(scene):
    criteria = [(f"C{n}", 10) for n in range(7)] + [("Last", 30)]
    programme = ProgrammeFactory(city=scene["city"], status=Status.DRAFT, criteria=criteria)
    client = _client(scene["operator"])
    form = client.get(f"/en/showcase/awards/{programme.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if not name.startswith("criterion_") and value is not None}
    data["opens_at"] = timezone.localtime(programme.opens_at).strftime("%Y-%m-%dT%H:%M")
    data["closes_at"] = timezone.localtime(programme.closes_at).strftime("%Y-%m-%dT%H:%M")
    data["title_en"] = "Eight criteria"
    response = client.post(f"/en/showcase/awards/{programme.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    programme.refresh_from_db()
    assert programme.title_en == "Eight criteria"
    assert [(c.name_en, c.weight) for c in programme.criteria.all()] == criteria
