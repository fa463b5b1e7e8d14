"""The demand side of the demo: challenges of GOI firms, needs, the Baoshan open call and proposals of demo solvers
(reviewed, moved along the pipeline) load through the domain, once, and their pages show them in both languages."""

from decimal import Decimal

import pytest
from django.test import Client

from innobelt.accounts.models import User
from innobelt.challenges.models import Challenge, MilestoneProgress, Need, OpenCall, PilotBooking, Pipeline, Proposal, ReviewAssignment
from innobelt.challenges.seed_data import CHALLENGES, NEEDS, OPEN_CALL, PROPOSALS
from innobelt.challenges.seeding import load_challenges_demo
from innobelt.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_challenges_needs_and_open_call_are_loaded_once_and_shown_in_both_languages():
    load_demo()
    assert Challenge.objects.filter(status="published").count() == len(CHALLENGES)
    assert Need.objects.filter(status="open").count() >= len(NEEDS)
    anonymous = Client()
    zh_list, en_list = anonymous.get("/challenges/").content.decode(), anonymous.get("/en/challenges/").content.decode()
    for row in CHALLENGES:
        assert row["title_zh"] in zh_list and row["title_en"] in en_list
        challenge = Challenge.objects.get(title_en=row["title_en"])
        assert challenge.criteria.count() == len(row["criteria"]) and challenge.phases.count() == len(row["phases"])
        detail = anonymous.get(f"/en/challenges/{challenge.pk}/").content.decode()
        assert row["title_en"] in detail and row["criteria"][0][1] in detail
        assert row["title_zh"] in anonymous.get(f"/challenges/{challenge.pk}/").content.decode()
    public = [row for row in NEEDS if row["confidentiality"] == "public"]
    assert public
    zh_list, en_list = anonymous.get("/needs/").content.decode(), anonymous.get("/en/needs/").content.decode()
    for row in public:
        assert row["title_zh"] in zh_list and row["title_en"] in en_list
        need = Need.objects.get(title_en=row["title_en"])
        assert row["title_en"] in anonymous.get(f"/en/needs/{need.pk}/").content.decode()
        assert row["title_zh"] in anonymous.get(f"/needs/{need.pk}/").content.decode()
    comac = Client()
    comac.force_login(User.objects.get(email="comac@innobelt.local"))
    for row in NEEDS:  # the firm's people see every need, also those for members of verified organisations
        assert row["title_en"] in comac.get("/en/needs/").content.decode()

    # the Baoshan open call: one team selected, its first milestone accepted and its share released
    call = OpenCall.objects.get(title_en=OPEN_CALL["title_en"])
    assert call.city.slug == "baoshan" and call.funding == Decimal("3000000.00")
    assert [m.share for m in call.milestones.all()] == [30, 40, 30]
    progress = MilestoneProgress.objects.filter(application__open_call=call).order_by("milestone__position")
    assert [(p.status, p.released) for p in progress] == [("accepted", Decimal("900000.00")), ("reported", None)]
    assert call.applications.filter(status="selected").count() == 1 and call.applications.count() == 2

    # proposals of demo solvers: reviewed; at COMAC one pair at the pilot, one shortlisted, one declined with its reason
    solvers = {(row["challenge"], row["organisation"]) for row in PROPOSALS}
    loaded = Proposal.objects.filter(status="submitted").values_list("challenge__title_en", "organisation__slug")
    assert solvers <= set(loaded) and len(solvers) == len(PROPOSALS)
    call = Challenge.objects.get(title_en=PROPOSALS[0]["challenge"])
    stages = dict(Pipeline.objects.filter(proposal__challenge=call).values_list("proposal__organisation__slug", "stage"))
    assert stages == {"shanghai-membranetech": "pilot", "demo-wuxi-smartsense-robotics": "shortlisted", "suzhou-wafertest": "declined"}
    piloted = Pipeline.objects.get(proposal__challenge=call, stage="pilot")  # (the showcase demo has a pilot of its own)
    assert piloted.meeting_starts_at is not None and piloted.nda_accepted_at is not None and piloted.steps.count() == 5
    # the pilot booked COMAC's climate chamber through the register (the solver's access request) and linked it
    [link] = piloted.pilot_bookings.select_related("booking__resource", "booking__access_request")
    assert link.booking.resource.title_en == "Temperature and humidity climate chamber" and link.booking.status == "confirmed"
    assert link.booking.organisation.slug == "shanghai-membranetech" and link.booking.access_request.status == "active"
    assert "Temperature and humidity climate chamber" in comac.get(f"/en/proposals/{piloted.proposal_id}/").content.decode()
    assert [p.kind for p in call.phases.all()] == ["proposals", "review", "shortlist", "pilot"]
    assert ReviewAssignment.objects.filter(scored_at__isnull=False).count() == sum(len(row["reviews"]) for row in PROPOSALS) == 3
    scores = comac.get(f"/en/challenges/{call.pk}/scores/").content.decode()
    assert "7.15" in scores  # (8×35 + 7×30 + 6×20 + 7×15)/100 and (7×35 + 8×30 + 7×20 + 6×15)/100: both 7.15
    solver = Client()
    solver.force_login(User.objects.get(email="startup@innobelt.local"))
    declined = Proposal.objects.get(challenge=call, organisation__slug="suzhou-wafertest")
    assert "not a fit" in solver.get(f"/en/proposals/{declined.pk}/").content.decode()
    sme = Client()
    sme.force_login(User.objects.get(email="sme@innobelt.local"))
    assert sme.get(f"/en/proposals/{declined.pk}/").status_code == 404  # another solver's proposal

    # loading the demand side again adds nothing (one demo load: it takes a minute)
    counted = (Challenge, Need, OpenCall, MilestoneProgress, Proposal, ReviewAssignment, Pipeline, PilotBooking)
    before = [model.objects.count() for model in counted]
    summary = load_challenges_demo()
    assert [model.objects.count() for model in counted] == before
    assert "(0 new)" in summary["challenges and needs"] and "proposals (0 new)" in summary["challenges and needs"]
