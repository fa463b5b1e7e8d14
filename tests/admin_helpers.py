"""Helpers for tests of the Django admin."""

from django.test import Client


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_form_data(response) -> dict:
    """The POST body the admin form of `response` would send unchanged (main form and inline formsets)."""
    from django.forms import MultiWidget

    def put(data, form, name):
        field, bound = form.fields[name], form[name]
        value = bound.value()
        key = form.add_prefix(name)
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value) if not isinstance(value, list) else value):
                data[f"{key}_{i}"] = "" if part is None else field.widget.widgets[i].format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)

    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        put(data, form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = str(formset.management_form[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                put(data, inline_form, name)
    data["_save"] = "Save"
    return data


def form_errors(response) -> dict:
    """The errors of the admin form (and its non-field errors under "__all__") of a re-shown page."""
    form = response.context["adminform"].form
    return dict(form.errors)
