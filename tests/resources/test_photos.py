"""A resource's photo: uploaded through the files app's checks, served only to those who may see the resource."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.files import domain as files
from innobelt.files.models import StoredFile
from innobelt.resources.models import Resource
from tests.factories import MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.files.helpers import bomb_png, files_on_disk, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_admin():
    return MembershipFactory(role="admin").user


@pytest.fixture
def resource(owner_admin):
    return ResourceFactory(owner=owner_admin.memberships.get().organisation, title_en="Raman spectrometer")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, resource, name, data, content_type="image/png", language="zh-hans"):
    prefix = "" if language == "zh-hans" else "/en"
    return client.post(f"{prefix}/resources/{resource.pk}/photo/change/",
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def test_renamed_executable_is_refused_in_the_users_language_and_leaves_nothing(owner_admin, resource):
    before = files_on_disk()
    client = signed_in(owner_admin)
    exe = b"MZ\x90\x00\x03" + b"\x00" * 500
    response = upload(client, resource, "lab.jpg", exe, content_type="image/jpeg")
    assert response.status_code == 200
    assert "系统检查的是文件内容，而非文件名" in response.content.decode()
    response = upload(client, resource, "lab.jpg", exe, content_type="image/jpeg", language="en")
    assert "its content was checked, not its name" in response.content.decode()
    resource.refresh_from_db()
    assert resource.photo is None and not StoredFile.objects.exists() and files_on_disk() == before
    assert not AuditEntry.objects.filter(action="resource.photo_set").exists()


def test_oversized_photo_is_refused_and_leaves_nothing(owner_admin, resource):
    before = files_on_disk()
    response = upload(signed_in(owner_admin), resource, "big.png", png_bytes() + b"\x00" * (5 * 1024 * 1024), language="en")
    # refused at the edge as the bytes come in (innobelt.web.edge.CappedUploadHandler), before any view
    assert response.status_code == 413 and "big.png is too large: at most 5 MB" in response.content.decode()
    resource.refresh_from_db()
    assert resource.photo is None and not StoredFile.objects.exists() and files_on_disk() == before


def test_decompression_bomb_photo_is_refused_from_its_header(owner_admin, resource):
    """13000×13000 pixels in under 1 MB of PNG: refused by its pixel count, never decoded (tests/files/test_image_bombs.py)."""
    before = files_on_disk()
    response = upload(signed_in(owner_admin), resource, "bomb.png", bomb_png(), language="en")
    assert response.status_code == 200 and "The image is too large: at most 40 megapixels." in response.content.decode()
    resource.refresh_from_db()
    assert resource.photo is None and not StoredFile.objects.exists() and files_on_disk() == before


def test_valid_photo_is_shown_to_whoever_sees_the_resource(owner_admin, resource):
    response = upload(signed_in(owner_admin), resource, "raman.png", png_bytes())
    assert response.status_code == 302
    resource.refresh_from_db()
    stored = resource.photo
    assert stored.kind == "photo" and not stored.is_public and files.path_of(stored).read_bytes() == png_bytes()
    anonymous = Client()
    page = anonymous.get(f"/resources/{resource.pk}/").content.decode()
    assert f"/resources/{resource.pk}/photo/" in page
    served = anonymous.get(f"/resources/{resource.pk}/photo/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == png_bytes()
    assert served["Content-Type"] == "image/png" and "sandbox" in served["Content-Security-Policy"]
    # the file itself stays private: its own download address is not for outsiders
    assert anonymous.get(f"/files/{stored.pk}/").status_code == 404


def test_a_drafts_photo_is_not_served_to_outsiders(owner_admin, resource):
    upload(signed_in(owner_admin), resource, "raman.png", png_bytes())
    Resource.objects.filter(pk=resource.pk).update(status="draft", published_at=None)
    outsider = signed_in(MembershipFactory(organisation=OrganisationFactory(), role="admin").user)
    assert outsider.get(f"/resources/{resource.pk}/photo/").status_code == 404
    assert Client().get(f"/resources/{resource.pk}/photo/").status_code == 404
    assert signed_in(owner_admin).get(f"/resources/{resource.pk}/photo/").status_code == 200


def test_replacing_and_removing_delete_the_old_file(owner_admin, resource, django_capture_on_commit_callbacks):
    client = signed_in(owner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, resource, "first.png", png_bytes(colour=(200, 0, 0)))
    resource.refresh_from_db()
    first = files.path_of(resource.photo)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, resource, "second.png", png_bytes(colour=(0, 200, 0)))
    resource.refresh_from_db()
    assert resource.photo.original_name == "second.png" and not first.exists()
    assert StoredFile.objects.count() == 1
    second = files.path_of(resource.photo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/resources/{resource.pk}/photo/change/", {"remove": "on"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.photo is None and not second.exists() and not StoredFile.objects.exists()
    assert client.get(f"/resources/{resource.pk}/photo/").status_code == 404


def test_nothing_chosen_is_a_form_error(owner_admin, resource):
    response = signed_in(owner_admin).post(f"/en/resources/{resource.pk}/photo/change/", {})
    assert response.status_code == 200 and "Choose a photo to upload" in response.content.decode()


def test_people_who_may_not_change_the_resource_cannot_set_its_photo(resource):
    plain_member = MembershipFactory(organisation=resource.owner, role="member").user
    for user in (plain_member, UserFactory()):
        response = upload(signed_in(user), resource, "x.png", png_bytes())
        assert response.status_code == 403
    assert not StoredFile.objects.exists()


def test_the_api_gives_the_photos_address(owner_admin, resource):
    assert Client().get(f"/api/v1/resources/{resource.pk}").json()["photo_url"] is None
    upload(signed_in(owner_admin), resource, "raman.png", png_bytes())
    url = Client().get(f"/api/v1/resources/{resource.pk}").json()["photo_url"]
    assert url.endswith(f"/resources/{resource.pk}/photo/")
    assert Client().get(url).status_code == 200
