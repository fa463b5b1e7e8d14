from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from innobelt.accounts.models import ApiToken, Consent, User
from innobelt.kit.admin_scoping import PlatformReadOnlyAdmin, is_platform_operator


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "mobile", "email_confirmed_at", "is_platform_operator", "is_active"]
    list_filter = ["is_platform_operator", "is_active", "operator_cities"]
    search_fields = ["email", "display_name", "mobile"]
    filter_horizontal = ["operator_cities"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["display_name", "mobile", "preferred_language", "email_confirmed_at"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_platform_operator", "operator_cities", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in (clear failed attempts)"))
    def unlock_sign_in(self, request, queryset):
        from axes.utils import reset

        from innobelt.audit.domain import record_action

        for user in queryset:
            reset(username=user.email.lower())  # the canonical key (AXES_USERNAME_CALLABLE)
            record_action(actor=request.user, action="account.unlocked", target=user)
        self.message_user(request, _("Sign-in unlocked for %(n)d people.") % {"n": queryset.count()})

    def has_module_permission(self, request):
        return is_platform_operator(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Consent)
class ConsentAdmin(PlatformReadOnlyAdmin):
    list_display = ["user", "purpose", "policy_version", "given_at", "withdrawn_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(PlatformReadOnlyAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]


# django-otp registers its devices in the admin, where a TOTP device shows its secret key: nobody reads a
# person's authenticator secret, not even staff. A person manages their own two factors on their settings.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
