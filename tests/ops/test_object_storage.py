"""Uploads in an S3-compatible object store (ADR 0018), against a real SeaweedFS on loopback: stored as
private objects (no ACL sent), served only through the app's permission check (streamed, never a storage
URL), deleted after commit, checked by /readyz, and carried by backup and restore in either direction."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.files import domain
from innobelt.imports.domain import start_import
from innobelt.ops.backup import make_backup, restore_backup
from tests.factories import CityFactory, MembershipFactory, UserFactory
from tests.files.helpers import png_bytes
from tests.ops.helpers import ensure_index_saved

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def objects(seaweedfs, bucket: str) -> dict[str, str]:
    """Every object of the bucket: key → SHA-256 of its bytes."""
    client = seaweedfs.client()
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: hashlib.sha256(client.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest() for key in keys}


@pytest.fixture
def member():
    return MembershipFactory(role="admin").user


def _upload(member, data: bytes | None = None, name: str = "lab.png"):
    return domain.store_upload(
        actor=member, organisation=member.memberships.get().organisation, kind="photo", upload=SimpleUploadedFile(name, data or png_bytes())
    )


def test_an_upload_is_a_private_object_served_only_through_the_permission_check(object_storage, seaweedfs, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-used"
    sent: list[dict] = []
    client = domain.storage().connection.meta.client
    client.meta.events.register("before-send.s3.PutObject", lambda request, **kw: sent.append(dict(request.headers)))
    stored = _upload(member)
    assert objects(seaweedfs, object_storage) == {domain.name_of(stored): hashlib.sha256(png_bytes()).hexdigest()}
    assert sent and not any("x-amz-acl" in {k.lower() for k in headers} for headers in sent)  # never public-read
    assert not (tmp_path / "not-used").exists()  # nothing on the web machine's disk

    owner = Client()
    owner.force_login(member)
    response = owner.get(f"/files/{stored.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert "Location" not in response and "sandbox" in response["Content-Security-Policy"]
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(f"/files/{stored.pk}/").status_code == 404
    assert Client().get(f"/files/{stored.pk}/").status_code == 404


def test_deleting_removes_the_object_after_commit_and_missing_bytes_are_a_404(object_storage, seaweedfs, member, django_capture_on_commit_callbacks):
    kept, gone = _upload(member), _upload(member)
    with django_capture_on_commit_callbacks(execute=True):
        domain.delete_file(actor=member, stored=gone)
    assert set(objects(seaweedfs, object_storage)) == {domain.name_of(kept)}
    seaweedfs.client().delete_object(Bucket=object_storage, Key=domain.name_of(kept))
    owner = Client()
    owner.force_login(member)
    assert owner.get(f"/files/{kept.pk}/").status_code == 404


def test_a_queued_import_waits_in_the_bucket_and_is_removed_when_done(object_storage, seaweedfs, settings):
    settings.IMPORTS_RUN_INLINE = True
    CityFactory(slug="wuxi-objects")
    operator = UserFactory(is_platform_operator=True)
    upload = SimpleUploadedFile("orgs.csv", "name_zh,name_en,kind,city\n好企业,Good Co,sme,wuxi-objects\n".encode())
    job, created = start_import(actor=operator, kind="organisations", upload=upload)
    assert created and job.status == "done", job.errors
    assert not any(key.startswith("imports/") for key in objects(seaweedfs, object_storage))


def test_readyz_checks_the_object_store(object_storage, settings):
    ensure_index_saved()
    ready = Client().get("/readyz")
    assert ready.status_code == 200, ready.content
    checks = json.loads(ready.content)["checks"]
    assert checks["object_store"] is True and "file_store" not in checks
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket-here"}},
    }
    down = Client().get("/readyz")
    assert down.status_code == 503 and json.loads(down.content)["checks"]["object_store"] is False


def test_backup_and_restore_carry_the_objects(object_storage, seaweedfs, member, tmp_path):
    first, second = _upload(member, png_bytes(colour="red")), _upload(member, png_bytes(colour="blue"))
    before = objects(seaweedfs, object_storage)
    archive = tmp_path / "platform.tar.gz"
    assert make_backup(archive).files == 2

    client = seaweedfs.client()
    client.delete_object(Bucket=object_storage, Key=domain.name_of(first))
    client.put_object(Bucket=object_storage, Key=domain.name_of(second), Body=b"overwritten")
    restore_backup(archive, rebuild_index=False)
    assert objects(seaweedfs, object_storage) == before


def test_a_backup_of_local_files_restores_into_the_object_store(seaweedfs, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stored = _upload(member)
    local = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    archive = tmp_path / "local.tar.gz"
    make_backup(archive)
    bucket = seaweedfs.new_bucket()
    settings.S3_BUCKET = bucket
    settings.STORAGES = seaweedfs.storages_setting(bucket, settings.STORAGES)
    restore_backup(archive, rebuild_index=False)
    assert set(objects(seaweedfs, bucket)) == local == {domain.name_of(stored)}
