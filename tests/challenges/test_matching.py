"""Challenges and needs in the matching engine: an English-writing startup is recommended a challenge written in
Chinese; drafts, closed needs and confidential details stay out; a need for verified members only is ranked only
for them."""

import pytest
from django.utils import translation

from innobelt.challenges.matching import challenge_record
from innobelt.challenges.models import Challenge, Need
from innobelt.conversations.domain import NotFound, contact
from innobelt.matching import domain, index_store, queries
from tests.challenges.factories import ChallengeFactory, NeedFactory
from tests.factories import IndustryFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    aerospace = IndustryFactory(code="aerospace", name_zh="航空航天", name_en="Aerospace")
    comac = OrganisationFactory(kind="large_firm", name_zh="中国商飞创新谷", name_en="", verification="verified", description_language="zh")
    challenge = ChallengeFactory(
        owner=comac,
        title_zh="民机复合材料构件智能无损检测",
        title_en="",
        statement="征集超声相控阵与人工智能缺陷识别相结合的复合材料构件无损检测方案，在真实产线验证。",
        confidential_details="SECRET-PANEL-DRAWINGS",
        industries=[aerospace],
    )
    draft = ChallengeFactory(owner=comac, title_zh="复合材料无损检测草稿", statement="超声相控阵无损检测。", status=Challenge.Status.DRAFT)
    verified_need = NeedFactory(
        owner=comac,
        title_zh="复合材料超声检测设备",
        title_en="",
        problem="需要复合材料超声相控阵检测设备。",
        confidentiality=Need.Confidentiality.VERIFIED,
    )
    closed_need = NeedFactory(owner=comac, title_zh="已关闭的检测需求", problem="超声相控阵检测。", status=Need.Status.CLOSED)
    startup = OrganisationFactory(
        kind="startup",
        name_zh="",
        name_en="SonicScan Robotics",
        verification="verified",
        description="We build ultrasonic phased-array inspection robots with AI defect recognition for composite aircraft parts.",
        description_language="en",
        industries=[aerospace],
    )
    domain.rebuild_index()
    yield challenge, draft, verified_need, closed_need, startup
    index_store.reset_for_tests()


def test_an_english_startup_is_recommended_the_chinese_challenge_with_reasons(indexed):
    challenge, draft, verified_need, closed_need, startup = indexed
    founder = MembershipFactory(organisation=startup, role="admin").user
    with translation.override("en"):
        results = queries.recommend_for_organisation(user=founder, organisation=startup, k=10)
    found = {(r.kind, r.obj.pk): r for r in results}
    assert ("challenge", challenge.pk) in found and ("challenge", draft.pk) not in found
    assert found[("challenge", challenge.pk)].reasons  # explained
    assert ("need", verified_need.pk) in found and ("need", closed_need.pk) not in found  # the founder's organisation is verified


def test_anonymous_readers_find_the_public_challenge_but_not_the_verified_need_nor_the_details(indexed):
    challenge, draft, verified_need, closed_need, startup = indexed
    with translation.override("en"):
        results = queries.find_matches(user=None, query="ultrasonic phased-array inspection of composite aircraft parts", k=10)
    found = {(r.kind, r.obj.pk) for r in results}
    assert ("challenge", challenge.pk) in found
    assert ("need", verified_need.pk) not in found
    assert "SECRET-PANEL-DRAWINGS" not in challenge_record(challenge).text


def test_contact_on_a_recommended_challenge_opens_a_thread_with_its_owner(indexed):
    challenge, draft, verified_need, closed_need, startup = indexed
    founder = MembershipFactory(organisation=startup, role="admin").user
    thread, created = contact(actor=founder, about=f"challenge:{challenge.pk}")
    assert created and thread.recipient == challenge.owner and thread.starter == startup
    for hidden in (f"challenge:{draft.pk}", f"need:{closed_need.pk}"):
        with pytest.raises(NotFound):
            contact(actor=founder, about=hidden)
    with pytest.raises(NotFound):  # a need for verified members: not for someone without a verified organisation
        contact(actor=MembershipFactory(organisation=OrganisationFactory(verification="unverified")).user, about=f"need:{verified_need.pk}")
