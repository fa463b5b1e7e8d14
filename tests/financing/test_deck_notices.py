"""Removing a pitch deck without replacing it (page and API: the file goes, its download answers 404), and
telling the investors a deck is shared with, in their language, when it is shared with them or replaced."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.files.models import StoredFile
from innobelt.financing import decks
from innobelt.financing.models import FundingNeed, MeetingRequest
from innobelt.notifications.models import Notification
from tests.factories import MembershipFactory
from tests.financing.factories import make_need

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% DECK-7781\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _pdf(data=PDF):
    return SimpleUploadedFile("deck.pdf", data, content_type="application/pdf")


@pytest.fixture
def need(scene):
    return make_need(scene.startup, industries=[scene.ic], title_en="Series A for an edge-AI chip", title_zh="边缘AI芯片A轮")


def _notices(user):
    return list(Notification.objects.filter(recipient=user, kind="financing.deck_shared").order_by("pk"))


def test_the_team_removes_the_deck_on_the_page_and_nobody_downloads_it_afterwards(scene, need):
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="chosen", investors=[scene.investor])
    stored = FundingNeed.objects.get(pk=need.pk).deck_id
    partner, founder = _client(scene.partner), _client(scene.founder)
    assert partner.get(f"/en/financing/needs/{need.pk}/deck/").status_code == 200
    assert 'id="remove-deck-form"' in founder.get(f"/en/financing/needs/{need.pk}/").content.decode()
    assert 'id="remove-deck-form"' not in partner.get(f"/en/financing/needs/{need.pk}/").content.decode()

    assert partner.post(f"/en/financing/needs/{need.pk}/deck/remove/").status_code == 403  # not the team
    response = founder.post(f"/financing/needs/{need.pk}/deck/remove/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.deck_id is None and need.deck_audience == "team" and not need.deck_investors.exists()
    assert not StoredFile.objects.filter(pk=stored).exists()
    for client in (founder, partner):
        assert client.get(f"/en/financing/needs/{need.pk}/deck/").status_code == 404
        assert client.get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 404
    assert AuditEntry.objects.filter(action="financing.deck_removed", target_id=str(need.pk)).count() == 1
    # nothing to remove any more: the message in the reader's language, nothing changes
    response = founder.post(f"/financing/needs/{need.pk}/deck/remove/", follow=True)
    assert "没有可删除的路演材料" in response.content.decode()
    assert AuditEntry.objects.filter(action="financing.deck_removed").count() == 1


def test_the_team_removes_the_deck_through_the_api(scene, need):
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="investors")
    stored = FundingNeed.objects.get(pk=need.pk).deck_id
    assert _client(scene.partner).delete(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 403
    assert _client(scene.bystander).delete(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 404
    founder = _client(scene.founder)
    assert founder.delete(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 204
    assert not StoredFile.objects.filter(pk=stored).exists()
    assert founder.get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 404
    response = founder.delete(f"/api/v1/funding-needs/{need.pk}/deck", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "no pitch deck to remove" in response.content.decode()


def test_chosen_investors_are_told_in_their_language_when_shared_and_when_replaced(scene, need):
    scene.partner.preferred_language = "zh-hans"
    scene.partner.save(update_fields=["preferred_language"])
    english = MembershipFactory(organisation=scene.other_investor, role="admin").user
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="team")
    assert not Notification.objects.filter(kind="financing.deck_shared").exists()  # the team only: nobody told

    decks.save_deck(actor=scene.founder, need=need, audience="chosen", investors=[scene.investor])
    [notice] = _notices(scene.partner)
    assert "分享" in notice.subject and "边缘AI芯片A轮" in notice.subject and notice.link == f"/financing/needs/{need.pk}/"
    assert _notices(english) == []

    decks.save_deck(actor=scene.founder, need=need, investors=[scene.investor, scene.other_investor])
    assert len(_notices(scene.partner)) == 1  # already shared with: not told again
    [notice] = _notices(english)
    assert "shared its pitch deck" in notice.subject and "Series A for an edge-AI chip" in notice.subject

    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(PDF.replace(b"7781", b"7782")))
    assert "更新" in _notices(scene.partner)[-1].subject and "replaced its pitch deck" in _notices(english)[-1].subject


def test_sharing_with_every_investor_tells_those_who_asked_to_meet_and_nobody_when_they_may_not_read_it(scene, need):
    MeetingRequest.objects.create(need=need, investor=scene.investor, message="Meet?")
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="investors")
    assert len(_notices(scene.partner)) == 1
    assert not Notification.objects.filter(kind="financing.deck_shared").exclude(recipient=scene.partner).exists()

    hidden = make_need(scene.startup, visibility="hidden")
    MeetingRequest.objects.create(need=hidden, investor=scene.investor, message="Meet?")
    decks.save_deck(actor=scene.founder, need=hidden, upload=_pdf(), audience="chosen", investors=[scene.investor])
    assert len(_notices(scene.partner)) == 1  # investors may not read a hidden need: nobody is told
