"""`innobelt backup` / `innobelt restore` on a populated platform (every app's matrix world plus the admin's
rows of every model): a round trip restores every row and every file; a damaged, altered, partial or
foreign archive is refused and nothing changes. Runs on SQLite and PostgreSQL like the rest of the suite."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import ProtectedError

from innobelt.accounts.models import User
from innobelt.ops.backup import BackupError, dump_rows, make_backup, restore_backup
from innobelt.organisations.models import Organisation
from tests.factories import OrganisationFactory
from tests.permissions import extend_admin_world
from tests.test_permission_matrix import world_for_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def platform(media):
    world = world_for_test()
    extend_admin_world(world)
    return world


def every_row() -> list:
    """Every row, exactly (microseconds included)."""
    out = io.StringIO()
    dump_rows(out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def every_file(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def change_things(world, media: Path) -> None:
    Organisation.objects.filter(pk=world.org_b.pk).update(name_en="Renamed after the backup")
    for user in User.objects.order_by("pk"):  # a person deleted after the backup (one whose records allow it)
        try:
            with transaction.atomic():
                user.delete()
            break
        except ProtectedError:
            continue
    else:
        raise AssertionError("no person could be deleted")
    OrganisationFactory(slug="created-after-the-backup")
    next(p for p in media.rglob("*") if p.is_file()).write_bytes(b"overwritten")


def test_a_round_trip_restores_every_row_and_every_file(platform, media, tmp_path):
    # a time under a millisecond past the second: Django's JSON encoder would write it as ".000"
    created = Organisation.objects.get(pk=platform.org_a.pk).created_at.replace(microsecond=500)
    Organisation.objects.filter(pk=platform.org_a.pk).update(created_at=created)
    rows, files = every_row(), every_file(media)
    assert len(rows) > 100 and files  # a populated platform, with stored files
    archive = tmp_path / "platform.tar.gz"
    summary = make_backup(archive)
    assert summary.files == len(files)

    change_things(platform, media)
    assert every_row() != rows and every_file(media) != files

    restored = restore_backup(archive, rebuild_index=False)
    assert restored.rows == summary.rows
    assert every_row() == rows
    assert every_file(media) == files
    assert Organisation.objects.get(pk=platform.org_a.pk).created_at == created


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` return new bytes (or None: drop it)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def _manifest_with(change):
    def edit(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest).encode()
    return edit


def _bad_archives(good: Path, tmp_path: Path) -> dict[str, Path]:
    out = {}
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    out["truncated"] = truncated
    cases = {
        "altered rows": lambda n, d: d.replace(b"Renamed", b"Xenamed") + b" " if n == "data.jsonl" else d,
        "a file missing": lambda n, d: None if n.startswith("files/") else d,
        "rows missing": lambda n, d: None if n == "data.jsonl" else d,
        "an extra member": None,
        "other migrations": _manifest_with(lambda m: m["migrations"].append("events.9999_future")),
        "another format": _manifest_with(lambda m: m.update(format=99)),
    }
    for label, change in cases.items():
        path = tmp_path / (label.replace(" ", "-") + ".tar.gz")
        if change is not None:
            _rewrite(good, path, change)
        out[label] = path
    # a member outside the manifest, with a name that climbs out of the archive
    with tarfile.open(good, "r:gz") as old, tarfile.open(out["an extra member"], "w:gz") as new:
        for member in old:
            new.addfile(member, old.extractfile(member))
        evil = tarfile.TarInfo("../../outside.txt")
        evil.size = 4
        new.addfile(evil, io.BytesIO(b"evil"))
    return out


def test_a_damaged_partial_or_foreign_archive_is_refused_and_nothing_changes(platform, media, tmp_path):
    good = tmp_path / "good.tar.gz"
    make_backup(good)
    change_things(platform, media)
    rows, files = every_row(), every_file(media)
    for label, path in _bad_archives(good, tmp_path).items():
        with pytest.raises(BackupError):
            restore_backup(path, rebuild_index=False)
        assert every_row() == rows, label
        assert every_file(media) == files, label
    assert not (tmp_path.parent / "outside.txt").exists()


def test_the_commands_write_and_restore_and_refuse_with_the_reason(platform, media, tmp_path, capsys):
    archive = tmp_path / "cli.tar.gz"
    call_command("backup", out=str(archive), no_progress=True)
    assert "rows" in capsys.readouterr().out and archive.exists()
    assert not list(tmp_path.glob("*.partial"))
    change_things(platform, media)
    call_command("restore", str(archive), no_progress=True, no_rebuild_index=True)
    assert Organisation.objects.filter(slug="created-after-the-backup").count() == 0
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(broken), no_progress=True)
