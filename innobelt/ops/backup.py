"""Backups of the whole platform: every row of the database and every stored file, in one archive.

    innobelt backup --out FILE      write FILE (a gzip'd tar: manifest.json, data.jsonl, files/…)
    innobelt restore FILE           check FILE completely, then replace the database's rows and write the files

The manifest lists each member with its size and SHA-256, the database engine it came from and the
migrations applied. A restore reads and checks every byte before it changes anything: a truncated,
tampered or partial archive, a member outside the manifest, a link or a path that leaves the archive,
or a backup of another schema (other migrations) is refused with the reason and nothing changes. The
rows are replaced in one transaction; files are written after it commits (they have random names, so
writing one that exists rewrites the same bytes; files stored since the backup stay, unreferenced).
The matching index is rebuilt from the restored rows.

This is the assembly's code: it knows every app's tables through Django's registry, none by name.
Files are those of the default storage (the files app's uploads and queued imports): under MEDIA_ROOT on
the embedded default, or the objects of the S3 bucket in production (ADR 0018), read and written only by
`_stored_files` and `_write_file`. An archive made from one restores into the other.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
#: rebuilt by `migrate` in every installation with ids of its own; rows refer to them by natural key
EXCLUDED_MODELS = ("contenttypes.contenttype", "auth.permission")
CHUNK = 1024 * 1024
DATA = "data.jsonl"  # the rows: one JSON object per line (loaddata's jsonl format)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BackupError(Exception):
    """The archive cannot be restored; the message says why. Nothing was changed."""


@dataclasses.dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    bytes: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _storage() -> Storage:
    return storages["default"]


def _names_in(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage under `folder`, in a stable order (files, then each sub-folder)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # a new installation has stored nothing yet
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _names_in(storage, f"{folder}/{sub}" if folder else sub)


def _stored_files(work: Path) -> Iterator[tuple[str, Path]]:
    """(name inside the store, path on disk) of every stored file, in a stable order. Files under
    MEDIA_ROOT are read where they are; objects of an object store are first copied into `work`."""
    storage = _storage()
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        if not root.is_dir():
            return
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            yield path.relative_to(root).as_posix(), path
        return
    for name in _names_in(storage):
        if not _safe_name(name):
            continue
        copy = work / "objects" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, copy.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        yield name, copy


def _write_file(name: str, source: io.BufferedReader) -> None:
    storage = _storage()
    if not isinstance(storage, FileSystemStorage):
        with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
            shutil.copyfileobj(source, spool, CHUNK)
            spool.seek(0)
            storage.save(name, File(spool, name=name))  # the same name: file_overwrite (ADR 0018)
        return
    target = Path(storage.location) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".restoring")
    with temporary.open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
    temporary.replace(target)


def _models_to_keep():
    return [m for m in apps.get_models() if m._meta.label_lower not in EXCLUDED_MODELS]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def dump_rows(handle: Any) -> int:
    """Every row of every model (content types and permissions aside) as JSON lines, parents before
    children, foreign keys to content types and permissions by natural key; the number of rows."""
    ordered = serializers.sort_dependencies([(config, None) for config in apps.get_app_configs()], allow_cycles=True)
    rows = 0
    for model in ordered:
        if model._meta.label_lower in EXCLUDED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        queryset = model._base_manager.order_by(model._meta.pk.name)
        rows += queryset.count()
        serializers.serialize("jsonl", queryset.iterator(chunk_size=2000), stream=handle,
                              use_natural_foreign_keys=True, cls=_ExactEncoder)
    return rows


def count_rows() -> int:
    return sum(m._base_manager.count() for m in _models_to_keep() if m._meta.managed and not m._meta.proxy)


def make_backup(out: str | Path, *, progress: Progress | None = None) -> Summary:
    """Write the archive. Reads the database in one transaction (a consistent snapshot on PostgreSQL
    with REPEATABLE READ is not forced: run it when writes are quiet, or from a replica)."""
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="innobelt-backup-") as work:
        data = Path(work) / DATA
        with transaction.atomic(), data.open("w", encoding="utf-8") as handle:
            rows = dump_rows(handle)
        files = list(_stored_files(Path(work)))
        members: list[dict[str, Any]] = [{"name": DATA, "size": data.stat().st_size, "sha256": _sha256_file(data)}]
        for name, path in files:
            members.append({"name": f"files/{name}", "size": path.stat().st_size, "sha256": _sha256_file(path)})
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": rows,
            "members": members,
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            encoded = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(encoded)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(data, arcname=DATA, recursive=False)
            for done, (name, path) in enumerate(files, 1):
                archive.add(path, arcname=f"files/{name}", recursive=False)
                if progress:
                    progress("files", done, len(files))
        partial.replace(out)  # never a half-written archive under the name asked for
    return Summary(rows=rows, files=len(files), bytes=sum(m["size"] for m in members))


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def verify_archive(path: str | Path, *, progress: Progress | None = None) -> dict:
    """Read every member and check it against the manifest; the manifest when all is well."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            first = archive.next()
            if first is None or first.name != "manifest.json" or not first.isfile():
                raise BackupError("not an innobelt backup: it does not start with manifest.json")
            handle = archive.extractfile(first)
            assert handle is not None
            try:
                manifest = json.loads(handle.read())
                expected = {m["name"]: m for m in manifest["members"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise BackupError(f"the manifest cannot be read: {exc}") from None
            if manifest.get("format") != FORMAT:
                raise BackupError(f"backup format {manifest.get('format')!r}; this version reads format {FORMAT}")
            seen: set[str] = set()
            for member in archive:
                if member.offset == first.offset:
                    continue  # the manifest itself; a second member of that name is unexpected
                if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                    raise BackupError(f"unexpected member in the archive: {member.name!r}")
                if member.name in seen:
                    raise BackupError(f"member twice in the archive: {member.name!r}")
                entry = expected[member.name]
                stream = archive.extractfile(member)
                assert stream is not None
                digest, size = hashlib.sha256(), 0
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    raise BackupError(f"{member.name}: its bytes do not match the manifest (damaged or altered)")
                seen.add(member.name)
                if progress:
                    progress("check", len(seen), len(expected))
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"the archive is damaged or incomplete: {exc}") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the archive is incomplete: {len(missing)} member(s) missing, first {missing[0]!r}")
    if DATA not in expected:
        raise BackupError(f"the archive holds no database rows ({DATA})")
    return manifest


def restore_backup(path: str | Path, *, progress: Progress | None = None, rebuild_index: bool = True) -> Summary:
    """Replace every row and write every file of the archive; refuse (BackupError, nothing changed) an
    archive that does not check out or whose schema is not this installation's."""
    manifest = verify_archive(path, progress=progress)
    ours = _applied_migrations()
    if manifest["migrations"] != ours:
        theirs = set(manifest["migrations"])
        differ = sorted(theirs.symmetric_difference(ours))
        raise BackupError(f"the backup was made with other migrations ({len(differ)} differ, e.g. {differ[0]!r}): "
                          "restore it with the innobelt version that made it, then upgrade")
    with tempfile.TemporaryDirectory(prefix="innobelt-restore-") as work, tarfile.open(path, "r:gz") as archive:
        data = Path(work) / DATA
        source = archive.extractfile(DATA)
        assert source is not None
        with data.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256_file(data) != next(m["sha256"] for m in manifest["members"] if m["name"] == DATA):
            raise BackupError(f"{DATA} changed while it was read")
        models = [m for m in _models_to_keep() if m._meta.managed and not m._meta.proxy]
        tables = sorted({m._meta.db_table for m in models} | {
            f.remote_field.through._meta.db_table for m in models for f in m._meta.local_many_to_many
            if f.remote_field.through._meta.auto_created})
        with transaction.atomic():
            if connection.vendor == "postgresql":  # TRUNCATE refuses while deferred checks of this transaction wait
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=False))
            call_command("loaddata", str(data), verbosity=0)
            rows = count_rows()
            if rows != manifest["rows"]:
                raise BackupError(f"{rows} rows restored where the backup counted {manifest['rows']}: nothing was changed")
        file_members = [m for m in manifest["members"] if m["name"].startswith("files/")]
        for done, member in enumerate(file_members, 1):
            stream = archive.extractfile(member["name"])
            assert stream is not None
            _write_file(member["name"].removeprefix("files/"), stream)  # type: ignore[arg-type]
            if progress:
                progress("files", done, len(file_members))
    if rebuild_index:
        from innobelt.matching.domain import rebuild_index as rebuild

        rebuild(progress=False)
    return Summary(rows=rows, files=len(file_members), bytes=sum(m["size"] for m in manifest["members"]))
