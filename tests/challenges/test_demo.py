"""The demand side of the demo: challenges of GOI firms, needs and the Baoshan open call load through the domain,
once, and their pages show them in both languages."""

from decimal import Decimal

import pytest
from django.test import Client

from innobelt.accounts.models import User
from innobelt.challenges.models import Challenge, MilestoneProgress, Need, OpenCall
from innobelt.challenges.seed_data import CHALLENGES, NEEDS, OPEN_CALL
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

    # loading the demand side again adds nothing (one demo load: it takes a minute)
    before = (Challenge.objects.count(), Need.objects.count(), OpenCall.objects.count(), MilestoneProgress.objects.count())
    summary = load_challenges_demo()
    assert (Challenge.objects.count(), Need.objects.count(), OpenCall.objects.count(), MilestoneProgress.objects.count()) == before
    assert "(0 new)" in summary["challenges and needs"]
