"""Helpers shared by every app's forms."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
