"""Uploads: type from the content, size limits, random names outside the static root, permission-checked serving."""


import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from innobelt.files import domain
from innobelt.files.models import StoredFile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.files.helpers import files_on_disk, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def member():
    return MembershipFactory(role="admin").user


def test_renamed_executable_is_refused_and_leaves_nothing(member):
    before = files_on_disk()
    fake = SimpleUploadedFile("lab-photo.jpg", b"MZ\x90\x00\x03" + b"\x00" * 500, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        domain.store_upload(actor=member, organisation=member.memberships.get().organisation, kind="photo", upload=fake)
    assert "content was checked" in exc.value.messages[0]
    assert files_on_disk() == before and not StoredFile.objects.exists()


def test_image_header_on_a_broken_body_is_refused(member):
    broken = SimpleUploadedFile("x.png", png_bytes()[:60], content_type="image/png")
    with pytest.raises(ValidationError):
        domain.store_upload(actor=member, organisation=member.memberships.get().organisation, kind="photo", upload=broken)
    assert not StoredFile.objects.exists()


def test_oversized_file_is_refused_and_leaves_nothing(member):
    before = files_on_disk()
    big = SimpleUploadedFile("big.png", png_bytes() + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        domain.store_upload(actor=member, organisation=member.memberships.get().organisation, kind="photo", upload=big)
    assert "at most 5 MB" in exc.value.messages[0]
    assert files_on_disk() == before and not StoredFile.objects.exists()


def test_valid_image_is_stored_outside_static_under_a_random_name_and_served_with_permission(member):
    org = member.memberships.get().organisation
    stored = domain.store_upload(actor=member, organisation=org, kind="photo",
                                 upload=SimpleUploadedFile("../../etc/passwd.png", png_bytes(), content_type="text/plain"))
    path = domain.path_of(stored)
    assert path.exists() and path.read_bytes() == png_bytes()
    assert stored.original_name == "passwd.png" and stored.content_type == "image/png"
    assert "passwd" not in path.name and len(path.name) == 40
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    owner = Client()
    owner.force_login(member)
    response = owner.get(f"/files/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    outsider = Client()
    outsider.force_login(UserFactory())
    denied = outsider.get(f"/files/{stored.pk}/")
    assert denied.status_code == 404 and b"passwd" not in denied.content
    assert Client().get(f"/files/{stored.pk}/").status_code == 404


def test_upload_through_the_api_and_refusals(member):
    org = member.memberships.get().organisation
    client = Client()
    client.force_login(member)
    ok = client.post("/api/v1/files", {"organisation": org.slug, "kind": "photo",
                                       "file": SimpleUploadedFile("a.png", png_bytes())})
    assert ok.status_code == 201 and ok.json()["content_type"] == "image/png"
    bad = client.post("/api/v1/files", {"organisation": org.slug, "kind": "photo",
                                        "file": SimpleUploadedFile("b.png", b"#!/bin/sh\nrm -rf /\n")})
    assert bad.status_code == 400 and bad.json()["error"]["fields"][0]["field"] == "file"
    assert StoredFile.objects.count() == 1
    other = OrganisationFactory()
    forbidden = client.post("/api/v1/files", {"organisation": other.slug, "kind": "photo",
                                              "file": SimpleUploadedFile("c.png", png_bytes())})
    assert forbidden.status_code == 404 and StoredFile.objects.count() == 1


def test_upload_page_shows_a_clear_message(member):
    org = member.memberships.get().organisation
    client = Client()
    client.force_login(member)
    response = client.post(f"/en/files/organisation/{org.slug}/", {"kind": "document",
                                                                   "file": SimpleUploadedFile("r.pdf", png_bytes())})
    assert "This file is not a PDF document" in response.content.decode()
    assert not StoredFile.objects.exists()
