"""An event's registrations as a spreadsheet (CSV or XLSX), and its name badges, for the people who manage it.

The columns are what the organiser's registrations page shows, in the reader's language: the person's
name, organisation and e-mail address, the status, when they registered, when they were checked in,
and one column per registration question. No mobile number (the page shows none and registrants were
never asked to share it with organisers) and no check-in code (it checks a person in at the door).
Every text cell passes through `kit.spreadsheets` (formulas neutralised). Each download is audited:
who, which event, which status, which format, how many rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from innobelt.audit.domain import record_action
from innobelt.events.models import Event, Registration
from innobelt.events.queries import registrations_for
from innobelt.kit.spreadsheets import CONTENT_TYPES, Cell, csv_bytes, xlsx_bytes
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

FileFormat = Literal["csv", "xlsx"]
FORMATS: tuple[FileFormat, ...] = ("csv", "xlsx")


@dataclass(frozen=True)
class RegistrationTable:
    header: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Export:
    filename: str
    file_format: FileFormat
    content: bytes
    rows: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]


def registration_table(event: Event, *, status: str = "") -> RegistrationTable:
    """The registrations of the event (one status, or all) as the page lists them, in the active language."""
    questions = list(event.questions.all())
    header = [pgettext("person", "Name"), _("Organisation"), _("E-mail address"), _("Status"), _("Registered at"), _("Checked in at"),
              *[q.label for q in questions]]
    rows: list[list[Cell]] = []
    registration: Registration
    for registration in registrations_for(event, status=status):
        answers = {a.question_id: a.text for a in registration.answers.all()}
        rows.append([
            str(registration.user),
            registration.organisation.name if registration.organisation is not None else "",
            registration.user.email,
            str(registration.get_status_display()),
            registration.created_at,
            registration.checked_in_at,
            *[answers.get(q.pk, "") for q in questions],
        ])
    return RegistrationTable(header=header, rows=rows)


def export_registrations(*, actor: User, event: Event, file_format: FileFormat, status: str = "") -> Export:
    """The event's registrations (one status, or all) as a CSV or XLSX file, for a manager of the event.

    Refused (PermissionDenied) for anyone else; ValueError for an unknown format or status.
    Side effects: an audit entry (format, status, rows).
    """
    require(actor, "events.export_registrations", event)
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    if status and status not in Registration.Status.values:
        raise ValueError(f"unknown status {status!r}")
    table = registration_table(event, status=status)
    if file_format == "csv":
        content = csv_bytes(table.header, table.rows)
    else:
        content = xlsx_bytes(table.header, table.rows, sheet=pgettext("sheet", "Registrations"))
    record_action(actor=actor, action="event.registrations_exported", target=event,
                  data={"format": file_format, "status": status or "all", "rows": len(table.rows)})
    day = f"{timezone.localdate():%Y%m%d}"
    return Export(filename=f"registrations-event-{event.pk}-{status or 'all'}-{day}.{file_format}", file_format=file_format,
                  content=content, rows=len(table.rows))


def badge_holders(*, actor: User, event: Event) -> list[Registration]:
    """The people with a place (confirmed), by name, for a sheet of name badges with their check-in QR code.

    Refused (PermissionDenied) for anyone but the event's managers. Side effects: an audit entry (how many).
    """
    require(actor, "events.print_badges", event)
    holders = sorted(registrations_for(event, status=Registration.Status.CONFIRMED), key=lambda r: (str(r.user).casefold(), r.pk))
    record_action(actor=actor, action="event.badges_printed", target=event, data={"badges": len(holders)})
    return holders
