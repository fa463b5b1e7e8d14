"""The Django admin: every registered model, every page, the autocomplete endpoint and forged saves.

The rows (ADMIN_PAGES, ADMIN_MODELS) live in tests/test_permission_matrix.py beside the pages' and the
API's, where each app adds its own; the tests run here, in a module of their own, because they share a
larger world: the permission world plus the admin's rows of cities W and X (tests/conftest.py,
SHARED_WORLD = "admin").
"""

import pytest

from tests.admin_helpers import admin_form_data
from tests.permissions import ROLES, outcome
from tests.test_permission_matrix import ADMIN_ACTIONS, ADMIN_MODELS, ADMIN_PAGES, NA, NATIONAL_MODELS, client_for

SHARED_WORLD = "admin"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(ADMIN_PAGES))
def test_admin_permissions(path, role, permission_world):
    world = permission_world
    response = client_for(world, role).get(path)
    assert response.status_code == ADMIN_PAGES[path][role]


@pytest.mark.django_db
def test_district_operator_sees_only_their_city_in_admin(permission_world):
    world = permission_world
    client = client_for(world, "operator_x")
    assert client.get(f"/admin/organisations/organisation/{world.org_a.pk}/change/").status_code == 302  # not in scope
    listing = client.get("/admin/organisations/organisation/").content.decode()
    assert world.org_b.name_zh in listing and world.org_a.name_zh not in listing
    assert client.get(f"/admin/organisations/organisation/{world.org_b.pk}/change/").status_code == 200



def admin_url(obj, action) -> str:
    opts = obj._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    return {"changelist": base, "add": f"{base}add/", "change": f"{base}{obj.pk}/change/", "delete": f"{base}{obj.pk}/delete/",
            "history": f"{base}{obj.pk}/history/"}[action]


def autocomplete_source(model):
    """A relation of some model to `model` whose widget could ask the autocomplete endpoint, or None."""
    from django.apps import apps

    for source in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        for field in source._meta.get_fields():
            if field.concrete and field.is_relation and field.remote_field and field.related_model is model:
                return f"/admin/autocomplete/?app_label={source._meta.app_label}&model_name={source._meta.model_name}" \
                       f"&field_name={field.name}"
    return None


def test_every_admin_model_has_matrix_rows():
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), "a model registered in the admin needs its rows here (and its row in the admin world)"
    for label, actions in ADMIN_MODELS.items():
        assert set(actions) == set(ADMIN_ACTIONS), label


def forged(data, form, out_of_scope) -> tuple[dict, list[str]]:
    """`data` with every related choice that belongs to a city pointing at a row of city X."""
    from django.forms import ModelChoiceField, ModelMultipleChoiceField

    forged_data, names = dict(data), []
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField):
            continue
        label = field.queryset.model._meta.label_lower
        if label in ("belt.industry", "auth.permission") or name == "visible_cities":  # no city (visible_cities: who may see)
            continue
        assert label in out_of_scope, f"the admin world needs a row of {label} in city X"
        value = str(out_of_scope[label].pk)
        forged_data[form.add_prefix(name)] = [value] if isinstance(field, ModelMultipleChoiceField) else value
        names.append(name)
    return forged_data, names


def snapshot(obj) -> dict:
    from django.forms.models import model_to_dict

    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return model_to_dict(fresh, exclude=["last_login"]) if fresh is not None else {}  # signing in is no change


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_permissions_of_every_model(label, permission_world):
    """Each role opens the changelist, add, change, delete and history pages and the autocomplete endpoint."""
    world = permission_world
    obj = world.extra["admin_w"][label]
    model = type(obj)
    wrong = []
    for role in ROLES:
        client = client_for(world, role)
        for action in ADMIN_ACTIONS:
            expected = ADMIN_MODELS[label][action]
            if action == "autocomplete":
                url = autocomplete_source(model)
                assert (url is None) == (expected is NA), f"{label}: the autocomplete row must say whether there is an endpoint"
                if url is None:
                    continue
            else:
                url = admin_url(obj, action)
            response = client.get(url)
            if outcome(response) != expected[role]:
                wrong.append(f"{role} {action} {url}: {outcome(response)} (expected {expected[role]})")
            elif action in ("changelist", "autocomplete") and response.status_code == 200 and role.startswith("operator"):
                listed = ({str(r.pk) for r in response.context["cl"].result_list} if action == "changelist"
                          else {r["id"] for r in response.json()["results"]})
                if label in NATIONAL_MODELS:  # no city: both operators list both rows
                    national = {str(obj.pk), str(world.extra["admin_x"][label].pk)}
                    if not national <= listed:
                        wrong.append(f"{role} {action}: does not list every row of a national model")
                    continue
                out = world.extra["admin_x"].get(label) if role == "operator_w" else obj
                if out is not None and str(out.pk) in listed:
                    wrong.append(f"{role} {action}: lists {out!r} of another city")
                if role == "operator_w" and str(obj.pk) not in listed:
                    wrong.append(f"{role} {action}: does not list {obj!r} of their city")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_forged_admin_posts_save_nothing_outside_the_operators_cities(label, permission_world):
    """Every role POSTs the change form of city W's row, and the add form, with every related choice
    pointing at a row of city X. Nobody but a platform operator changes or adds anything."""
    world = permission_world
    obj = world.extra["admin_w"][label]
    model = type(obj)
    platform = client_for(world, "platform")
    page = platform.get(admin_url(obj, "change"))
    assert page.status_code == 200, label
    template = admin_form_data(page)
    before = snapshot(obj)
    wrong = []
    for role in ROLES[:-1]:
        client = client_for(world, role)
        own = client.get(admin_url(obj, "change"))
        source = own if own.status_code == 200 and "adminform" in (own.context or {}) else page
        data, names = forged(admin_form_data(source) if source is own else template, source.context["adminform"].form,
                             world.extra["admin_x"])
        response = client.post(admin_url(obj, "change"), data)
        if snapshot(obj) != before:
            wrong.append(f"{role}: the change form saved {names}")
        if role == "operator_w" and names and response.status_code == 200 and not has_admin_errors(response):
            wrong.append(f"{role}: no form error for {names}")
        add_data, _names = forged(template, page.context["adminform"].form, world.extra["admin_x"])
        count = model._default_manager.count()  # after signing in (which axes logs)
        client.post(admin_url(obj, "add"), add_data)
        if model._default_manager.count() != count:
            wrong.append(f"{role}: the add form added a row")
    assert not wrong, "\n".join(wrong)


def has_admin_errors(response) -> bool:
    context = response.context
    return bool(context and "adminform" in context and (context["adminform"].form.errors or context.get("errors")))
