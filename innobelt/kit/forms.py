"""Helpers shared by every app's forms."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from innobelt.kit.local_time import in_supported_range, out_of_range_message
from innobelt.kit.widgets import FastTextInput


def add_validation_errors(form, exc: ValidationError) -> None:
    """Attach a domain ValidationError to a form, field by field where it names fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class MonthField(forms.Field):
    """A month as 'YYYY-MM' (a list's `month` filter): cleaned to its first day, None when empty; a month outside
    2000-01 to 2100-12 or not in that shape is an error of the form (the list then shows unfiltered, with the error),
    in the reader's language. `month_bounds` gives the moments it starts and ends in China time."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", FastTextInput(attrs={"type": "month"}))  # Django's Input takes the type from attrs
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value).strip()[:20] if value is not None else ""
        if not text:
            return None
        try:
            first = datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-12."), code="invalid") from None
        if not in_supported_range(first):
            raise ValidationError(out_of_range_message(), code="invalid")
        return first


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """The moments a month starts and the next one starts, in China time (the platform's time zone, as insights'
    figures count their months)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    return datetime(first.year, first.month, 1, tzinfo=zone), datetime(following.year, following.month, 1, tzinfo=zone)
