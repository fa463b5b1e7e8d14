"""Pitch decks of funding needs through the files app: a PDF checked by its content and size, downloaded only by
the startup's people and the investors it shares the deck with; anybody else (another investor, another firm,
an operator) gets exactly the answer of an unknown id, on the page and in the API."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from innobelt.audit.models import AuditEntry
from innobelt.files.models import StoredFile
from innobelt.financing import decks
from innobelt.financing.models import FundingNeed, MeetingRequest
from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory
from tests.financing.factories import make_need

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% DECK-CONTENT-4471\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _pdf(name="deck.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _page(response, pk) -> bytes:
    """The answer without what differs between any two requests (the CSRF token, the request id for support)
    and the requested address itself (the language switch carries it back)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", _body(response))
    return re.sub(rb"<code>[^<]*</code>", b"", body).replace(f"/{pk}/".encode(), b"/ID/")


@pytest.fixture
def need(scene):
    return make_need(scene.startup, industries=[scene.ic], title_en="Series A for an edge-AI chip")


def test_the_team_attaches_a_pdf_deck_on_the_page_and_shares_it_with_a_chosen_investor(scene, need):
    founder = _client(scene.founder)
    page = founder.get(f"/en/financing/needs/{need.pk}/").content.decode()
    assert 'id="deck-form"' in page and "No pitch deck yet." in page
    response = founder.post(f"/en/financing/needs/{need.pk}/deck/save/", {"file": _pdf(), "audience": "team"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.deck.content_type == "application/pdf" and need.deck.organisation == scene.startup
    assert _body(founder.get(f"/en/financing/needs/{need.pk}/deck/")) == PDF

    partner = _client(scene.partner)
    assert partner.get(f"/en/financing/needs/{need.pk}/deck/").status_code == 404  # team only
    assert "deck-link" not in partner.get(f"/en/financing/needs/{need.pk}/").content.decode()

    # the investor asked to meet: the team may choose it on the page
    MeetingRequest.objects.create(need=need, investor=scene.investor, message="Meet?")
    founder.post(f"/en/financing/needs/{need.pk}/deck/save/", {"audience": "chosen", "investors": [scene.investor.pk]})
    need.refresh_from_db()
    assert need.deck_audience == "chosen" and list(need.deck_investors.all()) == [scene.investor]
    assert _body(partner.get(f"/en/financing/needs/{need.pk}/deck/")) == PDF
    assert 'id="deck-link"' in partner.get(f"/en/financing/needs/{need.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="financing.deck_saved", target_id=str(need.pk)).count() == 2


def test_type_and_size_are_checked_and_nothing_changes_on_a_refusal(scene, need, settings):
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf())
    first = FundingNeed.objects.get(pk=need.pk).deck_id
    with translation.override("en"), pytest.raises(ValidationError, match="not a PDF"):
        decks.save_deck(actor=scene.founder, need=need, upload=SimpleUploadedFile("deck.pdf", b"<html>not a pdf</html>"))
    big = _pdf()
    big.size = 21 * 1024 * 1024
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        decks.save_deck(actor=scene.founder, need=need, upload=big)
    assert FundingNeed.objects.get(pk=need.pk).deck_id == first and StoredFile.objects.count() == 1
    # an API upload that is not a PDF: a structured 400 in the user's language
    response = _client(scene.founder).post(
        f"/api/v1/funding-needs/{need.pk}/deck", {"file": SimpleUploadedFile("x.pdf", b"GIF89a....")}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400 and [f["field"] for f in response.json()["error"]["fields"]] == ["file"]
    # a new deck replaces the old one, whose row goes
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf("v2.pdf"))
    assert StoredFile.objects.count() == 1 and FundingNeed.objects.get(pk=need.pk).deck.original_name == "v2.pdf"
    with pytest.raises(ValidationError):  # no deck yet and no file
        decks.save_deck(actor=scene.founder, need=make_need(scene.startup), audience="investors")
    with pytest.raises(ValidationError):  # only verified investors may be chosen
        decks.save_deck(actor=scene.founder, need=need, audience="chosen", investors=[scene.unverified_investor])


def test_every_verified_investor_reading_the_need_when_shared_with_all(scene, need):
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="investors")
    other = MembershipFactory(organisation=scene.other_investor, role=Membership.Role.ADMIN).user
    for user in (scene.partner, other):
        assert _client(user).get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 200
    for user in (scene.unverified_partner, scene.bystander, scene.operator):
        assert _client(user).get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 404
    FundingNeed.objects.filter(pk=need.pk).update(status="closed")  # investors no longer read a closed need
    assert _client(scene.partner).get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 404
    assert _client(scene.founder).get(f"/api/v1/funding-needs/{need.pk}/deck").status_code == 200


def test_guessing_the_id_gives_another_investor_or_firm_the_answer_of_an_unknown_id(scene, need):
    """The deck is shared with one chosen investor. Another verified investor (who may read the need), a firm, an
    unverified investor and the need's district operator get, for the real id, exactly what they get for an id
    that does not exist: the same status and the same body, by page and by API."""
    decks.save_deck(actor=scene.founder, need=need, upload=_pdf(), audience="chosen", investors=[scene.investor])
    other = MembershipFactory(organisation=scene.other_investor, role=Membership.Role.ADMIN).user
    unknown = FundingNeed.objects.order_by("-pk").first().pk + 1000
    for user in (other, scene.bystander, scene.unverified_partner, scene.operator):
        client = _client(user)
        for url in ("/en/financing/needs/{}/deck/", "/api/v1/funding-needs/{}/deck"):
            real, missing = client.get(url.format(need.pk)), client.get(url.format(unknown))
            assert real.status_code == missing.status_code == 404, (user, url)
            assert _page(real, need.pk) == _page(missing, unknown), (user, url)
            assert b"DECK-CONTENT-4471" not in _body(real)
    assert _body(_client(scene.partner).get(f"/api/v1/funding-needs/{need.pk}/deck")) == PDF


def test_the_api_attaches_and_shares(scene, need):
    client = _client(scene.founder)
    response = client.post(f"/api/v1/funding-needs/{need.pk}/deck", {"file": _pdf("api.pdf")})
    assert response.status_code == 201 and response.json()["file_name"] == "api.pdf" and response.json()["audience"] == "team"
    shared = client.put(
        f"/api/v1/funding-needs/{need.pk}/deck/sharing",
        data=json.dumps({"audience": "chosen", "investors": [scene.investor.slug]}),
        content_type="application/json",
    )
    assert shared.status_code == 200 and shared.json()["investors"] == [scene.investor.slug]
    refused = client.put(
        f"/api/v1/funding-needs/{need.pk}/deck/sharing",
        data=json.dumps({"audience": "chosen", "investors": [scene.unverified_investor.slug]}),
        content_type="application/json",
    )
    assert refused.status_code == 400 and list(FundingNeed.objects.get(pk=need.pk).deck_investors.all()) == [scene.investor]
    assert _client(scene.partner).post(f"/api/v1/funding-needs/{need.pk}/deck", {"file": _pdf()}).status_code == 403
