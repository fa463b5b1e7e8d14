"""A pitch deck is checked to be a PDF by its bytes, never its name: raters download it as a .pdf whatever the
startup named it (a PDF that is also a web page, uploaded as "deck.html", was saved as one; files/domain.py
download_name)."""

import pytest
from django.test import Client

from innobelt.events import domain
from innobelt.organisations.models import Organisation
from tests.events.conftest import person
from tests.events.test_pitches import apply, deck, roadshow, startup  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"


def test_a_deck_named_as_a_web_page_is_downloaded_as_a_pdf(scene, roadshow, startup):  # noqa: F811 (fixtures)
    pitch = apply(roadshow, startup, deck=deck("deck.html", POLYGLOT))
    domain.select_pitch(actor=scene.admin, pitch=pitch)
    client = Client()
    client.force_login(person(Organisation.Kind.INVESTOR))
    response = client.get(f"/events/pitches/{pitch.pk}/deck/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="deck.html.pdf"'
