"""The training gate: may this person book this instrument on this day? (read-only; domain/training.py writes)."""

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from innobelt.resources.models import Resource, TrainingRecord

if TYPE_CHECKING:
    from innobelt.accounts.models import User


def valid_training(resource: Resource, person: "User", day: date) -> TrainingRecord | None:
    record = TrainingRecord.objects.filter(resource=resource, person=person).first()
    return record if record is not None and record.is_valid_on(day) else None


def training_problem(resource: Resource, person: "User", day: date) -> str:
    """Empty when the person may book on `day`; else why not and how to get trained."""
    if not resource.training_required or valid_training(resource, person, day) is not None:
        return ""
    page = reverse("resources:training", kwargs={"pk": resource.pk})
    record = TrainingRecord.objects.filter(resource=resource, person=person).first()
    if record is not None and record.expires_on is not None and record.expires_on < day:
        return _(
            "Your training on %(resource)s is valid until %(until)s; it must be renewed before this booking. "
            "Request training on %(page)s: the owner schedules a session and records you as trained."
        ) % {"resource": resource.title, "until": f"{record.expires_on:%Y-%m-%d}", "page": page}
    return _(
        "%(resource)s may be booked only by people trained on it. Request training on %(page)s: "
        "the owner schedules a session and records you as trained."
    ) % {"resource": resource.title, "page": page}
