"""Who to meet and why: the matching engine over the event's profiles (both languages)."""

import pytest
from django.utils.translation import gettext

pytest.importorskip("innobelt.matching.index_store")

from innobelt.meetings.suggestions import suggest_partners
from tests.meetings.helpers import programme_with, want

pytestmark = pytest.mark.django_db


def test_suggestions_match_needs_to_offers_across_languages_with_reasons():
    _programme, _slots, (me, battery, textiles, blocked) = programme_with(people=4)
    me.seeks, me.offers = "固态电池中试线 solid-state battery pilot line", "Investment for hardware startups"
    battery.offers = "Solid-state battery pilot line and cell testing"
    textiles.offers = "Silk weaving and garment design"
    blocked.offers = "固态电池 solid-state battery pilot line"
    for p in (me, battery, textiles, blocked):
        p.save()
    want(blocked, me, "no")
    found = suggest_partners(me, k=5)
    assert found[0].participant == battery
    assert blocked not in [s.participant for s in found]
    assert found[0].reasons[0] == gettext("You look for what they offer")
    assert len(found[0].reasons) >= 2


def test_no_profile_no_suggestions():
    _programme, _slots, (me, _other) = programme_with(people=2)
    assert suggest_partners(me) == []
