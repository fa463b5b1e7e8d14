"""Django admin for operators: platform operators see everything, district
operators see, pick and change only what belongs to their cities.

docs/adr/0008-operator-admin-scoping.md explains the rules. In short, for a
district operator (a staff user with operator cities, not a platform operator):

- every list, change page, history, action and autocomplete answer is limited
  to the rows of their cities (`get_queryset`, which every admin view uses);
- every choice of a related row (select, raw id, autocomplete, filter
  horizontal, inline) offers only rows of their cities, and the form rejects
  any other (the choice field's queryset is the check, so a forged POST gets a
  form error), except a value the object already has, which may stay;
- a save that would take the object out of their cities (another city, no
  city) is refused with a form error;
- list filters offer only the related rows that occur in their own list;
- deleting is for platform operators only (models may allow more).

Reference data (industries) is shared: anyone who may edit a row may pick any.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.utils.translation import gettext as _

#: models anyone who may edit a row may pick from without a city limit (reference data)
SHARED_MODELS = {"belt.industry"}

#: how to reach the city of models that have no admin of their own (the others declare `city_lookup`)
CITY_LOOKUPS = {
    "belt.city": "pk",
    "organisations.membership": "organisation__city",
    "belt.followupaction": "agreement__cities",
    "resources.requestmessage": "request__resource__city",
    "events.room": "event__city",
    "events.speaker": "event__city",
    "events.session": "event__city",
    "events.question": "event__city",
    "meetings.slot": "programme__event__city",
    "meetings.participant": "programme__event__city",
}


def is_platform_operator(user) -> bool:
    return bool(user.is_active and user.is_staff and user.is_platform_operator)


def is_any_operator(user) -> bool:
    return bool(user.is_active and user.is_staff and (user.is_platform_operator or user.operator_cities.exists()))


def city_lookup_for(model) -> str | None:
    """The lookup from `model` to its city or cities, or None when the model belongs to no city."""
    label = model._meta.label_lower
    if label in CITY_LOOKUPS:
        return CITY_LOOKUPS[label]
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered:
        return None
    return getattr(model_admin, "city_lookup", None)


def _user_in_cities(cities) -> Q:
    """People of a district: members of its organisations and its operators."""
    return Q(memberships__organisation__city__in=cities) | Q(operator_cities__in=cities)


def scope_queryset(queryset, user):
    """The rows of `queryset` that `user` may see or pick in the admin (all for platform operators,
    the rows of their cities for district operators, none for anybody else)."""
    if is_platform_operator(user):
        return queryset
    model = queryset.model
    if not is_any_operator(user):
        return queryset.none()
    if model._meta.label_lower in SHARED_MODELS:
        return queryset
    cities = user.operator_cities.all()
    if model._meta.label_lower == "accounts.user":
        condition = _user_in_cities(cities)
    else:
        lookup = city_lookup_for(model)
        if lookup is None:
            return queryset.none()
        condition = Q(**{f"{lookup}__in": cities})
    # a subquery, not a join: no duplicates, and the queryset stays deletable
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


class ScopedChoicesForm:
    """Mixed into an admin ModelForm for district operators: the related choices keep the values the
    object already has; `clean` refuses a change that takes the object out of the operator's cities."""

    scope_user = None
    scope_lookup: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance is None or instance.pk is None:
            return
        for name, field in self.fields.items():
            if not isinstance(field, ModelChoiceField) or field.queryset.model._meta.label_lower in SHARED_MODELS:
                continue
            try:
                model_field = instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                current = list(getattr(instance, name).values_list("pk", flat=True))
            elif model_field.many_to_one or model_field.one_to_one:
                current = [v for v in [getattr(instance, model_field.attname)] if v is not None]
            else:
                continue
            if current:
                manager = field.queryset.model._default_manager
                field.queryset = manager.filter(Q(pk__in=field.queryset.values("pk")) | Q(pk__in=current))

    def clean(self):
        data = super().clean()
        if self.scope_lookup is None or self.scope_lookup == "pk":
            return data
        head, _sep, rest = self.scope_lookup.partition("__")
        if head not in self.fields or head in self.errors:
            return data  # not editable here: it does not change
        value = data.get(head)
        if value is None or (isinstance(self.fields[head], ModelMultipleChoiceField) and not value):
            values = []
        else:
            values = list(value) if isinstance(self.fields[head], ModelMultipleChoiceField) else [value]
        cities = self.scope_user.operator_cities.all()
        model = self.instance._meta.get_field(head).related_model
        in_cities = Q(**{f"{rest}__in": cities}) if rest else Q(pk__in=cities.values("pk"))
        if not model._default_manager.filter(in_cities, pk__in=[v.pk for v in values]).exists():
            self.add_error(head, ValidationError(_("Choose within your cities or districts: you could not see or change it otherwise.")))
        return data


def scoped_form(form_class, user, lookup):
    """`form_class` with ScopedChoicesForm mixed in for this district operator."""
    return type(form_class.__name__, (ScopedChoicesForm, form_class), {"scope_user": user, "scope_lookup": lookup})


class DomainRefusal(Exception):
    """Raised by save_model when the domain function refuses the change (see DomainSaveAdmin)."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


def add_refusal_errors(form, error) -> None:
    """Put a domain function's ValidationError or PermissionDenied on the form's fields (or on the form)."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, ValidationError(str(error) or _("You are not allowed to do this.")))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RefusalForm:
    """Mixed into the admin form when the domain refused the first attempt: its errors make the form invalid."""

    domain_refusal = None

    def clean(self):
        data = super().clean()
        add_refusal_errors(self, self.domain_refusal)
        return data


class DomainSaveAdmin:
    """For admins whose save_model goes through domain functions, which may still refuse a change the
    form let through (e.g. a rule of the domain, or a race). save_model raises DomainRefusal; the whole
    attempt is rolled back (the admin saves in one transaction) and the form is shown again with the
    domain's errors, nothing changed."""

    def refuse(self, error):
        raise DomainRefusal(error)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainRefusal as refusal:
            request._domain_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_domain_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (RefusalForm, form), {"domain_refusal": refusal})


class ScopedChoicesMixin:
    """Related choices (and list filters) limited to the operator's cities; for ModelAdmin and inlines."""

    #: relation fields whose choices are not limited to the operator's cities (e.g. who may see a resource)
    unscoped_choices: tuple[str, ...] = ()

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if db_field.name in self.unscoped_choices:
            return queryset
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db)
        return scope_queryset(queryset.complex_filter(db_field.get_limit_choices_to()), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" in kwargs and db_field.name not in self.unscoped_choices:
            kwargs["queryset"] = scope_queryset(kwargs["queryset"], request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" in kwargs and db_field.name not in self.unscoped_choices:
            kwargs["queryset"] = scope_queryset(kwargs["queryset"], request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PlatformReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as it was written (audit entries, consents, tokens): platform operators read it,
    nobody adds, changes or deletes it in the admin."""

    def has_module_permission(self, request):
        return is_platform_operator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_operator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OperatorScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    #: the lookup from the model to its city, e.g. "city" or "cities"; None: platform operators only
    city_lookup: str | None = None

    def in_scope(self, request, obj) -> bool:
        if is_platform_operator(request.user):
            return True
        if self.city_lookup is None or obj is None:
            return self.city_lookup is not None and is_any_operator(request.user)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_platform_operator(request.user):
            return qs
        if self.city_lookup is None or not is_any_operator(request.user):
            return qs.none()
        cities = request.user.operator_cities.all()
        return qs.filter(pk__in=self.model._default_manager.filter(**{f"{self.city_lookup}__in": cities}).values("pk"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if is_platform_operator(request.user):
            return form
        return scoped_form(form, request.user, self.city_lookup)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if is_platform_operator(request.user):
            return filters
        scoped = []
        for item in filters:
            if isinstance(item, str):
                try:
                    path = get_fields_from_path(self.model, item)
                except (FieldDoesNotExist, admin.utils.NotRelationField):
                    path = []
                if path and path[-1].is_relation:
                    item = (item, RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    def has_module_permission(self, request):
        return is_platform_operator(request.user) or (self.city_lookup is not None and is_any_operator(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_platform_operator(request.user)


class ReadOnlyScopedAdmin(OperatorScopedAdmin):
    """A record the pages and the API change through the domain: operators read their cities' rows, nobody adds
    or changes one here. Deleting stays with platform operators unless `deletable` is False (an append-only
    record, or one whose deletion would leave something behind)."""

    deletable: bool = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class ScopedInline(ScopedChoicesMixin):
    """For inlines of an OperatorScopedAdmin: who may see and change them follows the parent object;
    `operator_read_only` inlines are changed by platform operators only (the pages do it for the others)."""

    operator_read_only = False

    def _parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def _may_change(self, request, obj) -> bool:
        if self.operator_read_only and not is_platform_operator(request.user):
            return False
        return self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not is_platform_operator(request.user):
            formset.form = scoped_form(formset.form, request.user, None)
        return formset
