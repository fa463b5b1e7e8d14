"""A file's bytes are checked, never its name (files/domain.py): so the name it is downloaded under must not claim
another type. A PDF that is also an HTML page (a polyglot: "%PDF-" then markup) uploaded as "invoice.html" was
saved by the reader's browser as invoice.html, and opened from the disk as a web page with its script. The
download name keeps what the person typed but always ends with the extension of the type the bytes were checked
to be; characters that reorder or hide text ("invoice‮fdp.exe" shown as "invoiceexe.pdf") are dropped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.files import domain
from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory
from tests.files.helpers import png_bytes

pytestmark = pytest.mark.django_db
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"


@pytest.fixture
def member():
    return MembershipFactory(role=Membership.Role.ADMIN)


def download_name(member, name: str, data: bytes, kind: str) -> str:
    stored = domain.store_upload(actor=member.user, organisation=member.organisation, kind=kind,
                                 upload=SimpleUploadedFile(name, data))
    client = Client()
    client.force_login(member.user)
    response = client.get(f"/files/{stored.pk}/")
    assert response.status_code == 200
    return response["Content-Disposition"]


@pytest.mark.parametrize("name", ["invoice.html", "invoice.svg", "invoice.exe", "invoice.PDF.htm", "invoice"])
def test_a_document_is_downloaded_as_a_pdf_whatever_its_name(member, name):
    disposition = download_name(member, name, POLYGLOT, "document")
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.pdf"'), disposition


def test_a_pdf_keeps_its_own_name(member):
    assert download_name(member, "报价单 2026.pdf", POLYGLOT, "document").endswith(".pdf")
    assert "2026.pdf" in download_name(member, "quote 2026.pdf", POLYGLOT, "document")


def test_an_image_keeps_an_image_extension(member):
    assert download_name(member, "photo.html", png_bytes(), "photo").endswith('.png"')
    assert download_name(member, "photo.PNG", png_bytes(), "photo").endswith('photo.PNG"')


def test_characters_that_reorder_the_name_are_dropped(member):
    disposition = download_name(member, "invoice\u202efdp.exe", POLYGLOT, "document")
    assert "\u202e" not in disposition and "%E2%80%AE" not in disposition.upper()
    assert disposition.endswith('.pdf"') or disposition.endswith(".pdf")
