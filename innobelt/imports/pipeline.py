"""Running an importer over a file: check every row with no lock held, then write all of them in
one short transaction, or nothing (ADR 0010). Used by the background job and, synchronously,
by the command line and the `import_*` functions of the apps."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.imports.registry import Importer
from innobelt.tabular_import import ImportRejected, RowError, nul_errors, open_table

PROGRESS_EVERY = 500  # rows between progress reports

Progress = Callable[[str, int, int | None], None]  # (phase, rows checked, rows in total or an estimate)


@dataclass
class Outcome:
    created: list
    apply_seconds: float


def execute_import(*, importer: Importer, actor, params: dict, data: bytes, filename: str, progress: Progress | None = None,
                   on_applied: Callable[[Outcome], None] | None = None) -> Outcome:
    """Import every row of `data` or none; raise ImportRejected listing every bad row (or the file's problem).

    The caller has checked the permission (importer.authorise). `on_applied` runs inside the writing
    transaction, after the rows are written (a job marks itself done there).
    Side effects: the importer's rows (bulk inserts in one transaction), one audit entry.
    """
    report = progress or (lambda phase, checked, total: None)
    table = open_table(data, filename, key=importer.header_key)
    run = importer.start(actor=actor, params=params, columns=table.columns)
    report("validating", 0, table.size_hint)
    errors: list[RowError] = []
    checked = 0
    for line, row in table.rows():
        checked += 1
        errors.extend(nul_errors(line, row) or run.check(line, row))
        if checked % PROGRESS_EVERY == 0:
            report("validating", checked, max(table.size_hint or 0, checked))
    if not checked:
        raise ImportRejected([RowError(1, "", _("The file has a header but no rows."))])
    if errors:
        raise ImportRejected(errors)
    report("staging", checked, checked)
    run.stage()
    report("applying", checked, checked)
    started = time.monotonic()
    with transaction.atomic():
        created = run.apply()
        record_action(actor=actor, action=importer.audit_action, target=importer.audit_target(params),
                      data={"count": len(created), "file": filename, "ids": [obj.pk for obj in created]})
        outcome = Outcome(created=created, apply_seconds=time.monotonic() - started)
        if on_applied is not None:
            on_applied(outcome)
    return outcome
