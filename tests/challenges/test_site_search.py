"""Needs and challenges in the site-wide search: found by a word in either language, as the caller may see them
(a draft challenge and a need for verified members stay out for others), on the search page with links to their lists."""

import pytest
from django.test import Client

from innobelt.challenges.models import Challenge, Need
from innobelt.web.search import search_everything
from tests.challenges.factories import ChallengeFactory, NeedFactory
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def found(search, kind) -> set:
    return {row.pk for group in search.groups if group.kind == kind for row in group.rows}


def test_needs_and_challenges_are_found_as_the_caller_may_see_them():
    firm = OrganisationFactory(kind="large_firm", verification="verified")
    published = ChallengeFactory(owner=firm, title_zh="复合材料无损检测", title_en="Composite inspection")
    draft = ChallengeFactory(owner=firm, title_zh="复合材料草稿", title_en="Composite draft", status=Challenge.Status.DRAFT)
    public = NeedFactory(owner=firm, title_zh="复合材料涂层", title_en="Composite coating")
    members_only = NeedFactory(owner=firm, title_zh="复合材料检测设备", title_en="Composite test rig", confidentiality=Need.Confidentiality.VERIFIED)
    anonymous = search_everything(None, "复合材料")
    assert found(anonymous, "challenges") == {published.pk} and found(anonymous, "needs") == {public.pk}
    member = MembershipFactory(organisation=OrganisationFactory(verification="verified")).user
    english = search_everything(member, "composite")
    assert found(english, "challenges") == {published.pk} and found(english, "needs") == {public.pk, members_only.pk}
    assert draft.pk not in found(search_everything(member, "draft"), "challenges")
    html = Client().get("/en/search/?q=composite").content.decode()
    assert 'id="search-challenges"' in html and 'id="search-needs"' in html and "/en/challenges/?q=composite" in html
