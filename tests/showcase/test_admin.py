"""Nominations, scores and incubations in the admin: read-only, and scoped like the rules (a nomination and its
scores: the programme's operators, a platform programme's only platform operators; an incubation: the operators
of the incubator's city)."""

from datetime import date

import pytest

from innobelt.organisations.models import Incubation, Organisation
from innobelt.showcase.models import Nomination, ReviewerAssignment, Score
from tests.admin_helpers import admin_client
from tests.factories import OrganisationFactory, UserFactory
from tests.showcase.factories import NominationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(scene):
    """Pudong's programme with COMAC nominated, one judge who scored; a platform programme with the partner."""
    pudong_programme = ProgrammeFactory(city=scene.pudong, title_en="Pudong award")
    nomination = NominationFactory(
        programme=pudong_programme,
        organisation=scene.comac,
        evidence=[{"key": "hours_shared", "value": "12.50", "records": []}, {"key": "events_held", "value": 3, "records": []}],
    )
    judge = UserFactory(email="judge@example.com", display_name="Judge Li")
    assignment = ReviewerAssignment.objects.create(nomination=nomination, reviewer=judge)
    sharing = pudong_programme.criteria.first()
    score = Score.objects.create(assignment=assignment, criterion=sharing, value=8, comment="Busy instruments")
    platform_nomination = NominationFactory(programme=ProgrammeFactory(city=None), organisation=scene.partner)
    return nomination, score, platform_nomination


def test_the_programmes_operator_reads_a_nomination_with_its_evidence_and_reviewers(scene, judged):
    nomination, _score, platform_nomination = judged
    client = admin_client(scene.operator)
    page = client.get(f"/en/admin/showcase/nomination/{nomination.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "hours of instrument time used by other organisations: 12.50" in html
    assert "events held: 3" in html and "Judge Li" in html
    assert 'name="_save"' not in html  # nothing to save: read-only
    listing = client.get("/admin/showcase/nomination/")
    assert [n.pk for n in listing.context["cl"].result_list] == [nomination.pk]  # not the platform's programme
    assert client.get(f"/admin/showcase/nomination/{platform_nomination.pk}/change/").status_code == 302
    assert admin_client(scene.other_operator).get("/admin/showcase/nomination/").context["cl"].result_count == 0


def test_scores_are_listed_for_the_programmes_operators_only(scene, judged):
    nomination, score, _platform_nomination = judged
    listing = admin_client(scene.operator).get("/en/admin/showcase/score/")
    assert [s.pk for s in listing.context["cl"].result_list] == [score.pk]
    assert "Judge Li" in listing.content.decode()
    assert admin_client(scene.other_operator).get("/admin/showcase/score/").context["cl"].result_count == 0
    assert admin_client(scene.other_operator).get(f"/admin/showcase/score/{score.pk}/change/").status_code == 302


def test_nothing_changes_through_the_admin(scene, judged):
    nomination, score, _platform_nomination = judged
    platform = UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True)
    client = admin_client(platform)
    client.post(f"/admin/showcase/nomination/{nomination.pk}/change/", {"status": "awarded", "statement": "Typed"})
    client.post(f"/admin/showcase/score/{score.pk}/change/", {"value": "10"})
    nomination.refresh_from_db()
    score.refresh_from_db()
    assert (nomination.status, nomination.statement, score.value) == (
        Nomination.Status.SUBMITTED,
        "We share our instruments widely.",
        8,
    )
    assert client.get("/admin/showcase/nomination/add/").status_code == 403


def test_incubations_are_read_only_and_scoped_to_the_incubators_city(scene):
    incubator = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, city=scene.pudong, name_en="Pudong Incubator")
    pudong_incubation = Incubation.objects.create(
        incubator=incubator, startup=scene.partner, status=Incubation.Status.CONFIRMED, started_on=date(2025, 1, 1)
    )
    elsewhere = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, city=scene.other_city)
    other_incubation = Incubation.objects.create(incubator=elsewhere, startup=scene.comac, started_on=date(2025, 1, 1))
    client = admin_client(scene.operator)
    listing = client.get("/en/admin/organisations/incubation/")
    assert [i.pk for i in listing.context["cl"].result_list] == [pudong_incubation.pk]
    assert client.get(f"/admin/organisations/incubation/{other_incubation.pk}/change/").status_code == 302
    client.post(f"/admin/organisations/incubation/{pudong_incubation.pk}/change/", {"status": "declined"})
    pudong_incubation.refresh_from_db()
    assert pudong_incubation.status == Incubation.Status.CONFIRMED
    assert client.get("/admin/organisations/incubation/add/").status_code == 403


def test_award_programmes_are_read_only_with_their_criteria_for_the_districts_operators(scene, judged):
    nomination, _score, platform_nomination = judged
    programme, platform_programme = nomination.programme, platform_nomination.programme
    programme.eligible_kinds = ["laboratory", "research_institute"]
    programme.save(update_fields=["eligible_kinds"])
    client = admin_client(scene.operator)
    listing = client.get("/admin/showcase/awardprogramme/")
    assert [p.pk for p in listing.context["cl"].result_list] == [programme.pk]  # not the platform's programme
    page = client.get(f"/en/admin/showcase/awardprogramme/{programme.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and "Pudong award" in html
    criteria = list(programme.criteria.all())
    assert criteria and all(c.name_en in html for c in criteria if c.name_en)
    assert 'name="_save"' not in html and "/delete/" not in html  # nothing to save or delete
    chinese = client.get(f"/admin/showcase/awardprogramme/{programme.pk}/change/").content.decode()
    assert "laboratory, research institute" in html and "实验室、研究机构" in chinese  # each language's list
    assert client.get(f"/admin/showcase/awardprogramme/{platform_programme.pk}/change/").status_code == 302
    other = admin_client(scene.other_operator)
    assert other.get("/admin/showcase/awardprogramme/").context["cl"].result_count == 0
    assert other.get(f"/admin/showcase/awardprogramme/{programme.pk}/change/").status_code == 302


def test_nobody_adds_changes_or_deletes_a_programme_in_the_admin(scene, judged):
    nomination, _score, _platform_nomination = judged
    programme = nomination.programme
    before = (programme.title_en, programme.status, programme.criteria.count())
    platform = admin_client(UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True))
    assert platform.get(f"/admin/showcase/awardprogramme/{programme.pk}/change/").status_code == 200
    platform.post(f"/admin/showcase/awardprogramme/{programme.pk}/change/", {"title_en": "Typed", "status": "published"})
    assert platform.post(f"/admin/showcase/awardprogramme/{programme.pk}/delete/", {"post": "yes"}).status_code == 403
    assert platform.get("/admin/showcase/awardprogramme/add/").status_code == 403
    programme.refresh_from_db()
    assert (programme.title_en, programme.status, programme.criteria.count()) == before
    assert Nomination.objects.filter(pk=nomination.pk).exists()
