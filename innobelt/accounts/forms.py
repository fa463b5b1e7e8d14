from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class RegisterForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"))
    mobile = forms.CharField(label=_("Mobile number (optional)"), max_length=20, required=False,
                             help_text=_("Lets you sign in with a code by SMS."))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    consent = forms.BooleanField(
        label=_("I agree that innobelt processes my personal data as the privacy policy describes."),
        required=True,
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class SignInForm(AuthenticationForm):
    username = forms.CharField(label=_("E-mail or mobile number"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))

    def clean(self):
        # Per address, across accounts (the lockout counts per account and address): guessing
        # many accounts' passwords from one address stops here, before any password is checked.
        from innobelt.accounts import ratelimit

        if self.request is not None:
            ratelimit.hit("login", ratelimit.client_key(self.request))
        return super().clean()


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile number"), max_length=20)


class CodeForm(forms.Form):
    mobile = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(label=_("Code from the SMS"), max_length=6, min_length=6)


class SecondFactorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_(
        "The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))


class SecondFactorEnrolForm(SecondFactorForm):
    """Turning two-step sign-in on: the password too, so that a borrowed session cannot set up an authenticator of
    its own and lock the person out (two_factor.confirm_enrolment)."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    scope = forms.ChoiceField(label=_("What the token may do"), initial="read", required=False, choices=[
        ("read", _("Read only")), ("write", _("Read and write"))])
    expires_in_days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, initial=90, required=False, empty_value=90,
                                             choices=[(30, _("30 days")), (90, _("90 days")), (180, _("180 days")),
                                                      (365, _("365 days"))])
    # a token outlives the session that makes it: the password, so that a borrowed session cannot make one
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean_scope(self):
        return self.cleaned_data["scope"] or "read"  # least privilege when not chosen


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself (中文 / English), so a person finds their own."""
    from django.conf import settings
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=100,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    preferred_language = forms.ChoiceField(
        label=_("Language of notifications and e-mails"), choices=language_choices,
        help_text=_("Messages from innobelt reach you in this language, whichever language you read the site in."))


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(label=_("Current password"), strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("New password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text=password_validation.password_validators_help_text_html())
    new_password_again = forms.CharField(label=_("New password again"), strip=False,
                                         widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password_again") and data["new_password"] != data["new_password_again"]:
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class NotificationPreferencesForm(forms.Form):
    """Per kind of notification: in the inbox or not, and how it is e-mailed. Security kinds are shown, not asked.

    `rows` lays the form out for the page: (group label, [(kind, in-app field, e-mail field, always on)]).
    """

    def __init__(self, *args, preferences, **kwargs):
        from innobelt.notifications.kinds import SECURITY_KINDS, grouped
        from innobelt.notifications.models import NotificationPreference

        super().__init__(*args, **kwargs)
        self.kinds = {}
        self.rows = []
        for group_label, kinds in grouped():
            rows = []
            for kind in kinds:
                always = kind.code in SECURITY_KINDS
                in_app = email = None
                if not always:
                    name = kind.code.replace(".", "-")
                    chosen = preferences[kind.code]
                    self.kinds[kind.code] = (name, kind.email, chosen.email)
                    self.fields[f"{name}-in_app"] = forms.BooleanField(
                        required=False, initial=chosen.in_app, label=_("%(kind)s: in the inbox") % {"kind": kind.label})
                    in_app = self[f"{name}-in_app"]
                    if kind.email:
                        self.fields[f"{name}-email"] = forms.ChoiceField(
                            choices=NotificationPreference.Email.choices, initial=chosen.email,
                            label=_("%(kind)s: e-mail") % {"kind": kind.label})
                        email = self[f"{name}-email"]
                rows.append((kind, in_app, email, always))
            self.rows.append((group_label, rows))

    def choices(self) -> dict[str, tuple[bool, str]]:
        """{kind: (in the inbox, e-mail)} for every kind the form asks about."""
        result = {}
        for code, (name, asks_email, current_email) in self.kinds.items():
            email = self.cleaned_data[f"{name}-email"] if asks_email else current_email
            result[code] = (bool(self.cleaned_data[f"{name}-in_app"]), email)
        return result
