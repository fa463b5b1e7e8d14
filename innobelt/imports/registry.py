"""The importers apps register (organisations, equipment), so that this app never imports them.

An importer is a class whose `start()` returns a run: the run checks each row (no writes), then
`stage()` prepares every object outside any transaction (slugs, search documents), then `apply()`
writes them with bulk inserts inside the one short transaction innobelt.imports.pipeline opens.
"""

from collections.abc import Callable, Iterable
from typing import Protocol

from innobelt.tabular_import import RowError


class ImportRun(Protocol):
    def check(self, line: int, row: dict[str, str]) -> list[RowError]:
        """Validate and normalise one row, keep it; return its errors. No writes."""

    def stage(self) -> None:
        """After every row is valid: prepare the objects to write (no writes, no lock)."""

    def apply(self) -> list:
        """Inside the import's transaction: write the staged objects (bulk); return them."""


class Importer(Protocol):
    kind: str
    label: Callable[[], str]  # the kind's name for people, translated
    audit_action: str

    def authorise(self, *, actor, params: dict) -> None:
        """Raise PermissionDenied unless `actor` may import with these params; Http404 for an unknown target."""

    def header_key(self, header: str) -> str:
        """The column a header cell names (aliases, case)."""

    def start(self, *, actor, params: dict, columns: list[str]) -> ImportRun:
        """Check the header (ImportRejected) and load the lookups the rows need."""

    def audit_target(self, params: dict):
        """The object the import's audit entry is about, or None."""

    def result_url(self, params: dict) -> str:
        """Where to see what was imported."""

    def form_url(self, params: dict) -> str:
        """The page to import another file."""


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return IMPORTERS[kind]


def kinds() -> Iterable[str]:
    return IMPORTERS.keys()
