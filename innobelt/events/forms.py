from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.accounts.rules import is_district_operator, is_platform_operator
from innobelt.belt.models import City
from innobelt.events.models import Event, EventMessage, Pitch, Question, Room, Session, Speaker
from innobelt.kit.forms import MonthField
from innobelt.organisations.models import Language, Membership, Organisation
from innobelt.organisations.queries import my_organisations


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)
    past = forms.BooleanField(label=_("Past events"), required=False)
    month = MonthField(label=_("Starting in (month)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Event.Kind.choices)
        self.fields["city"].choices = everything + [(c.slug, c.name) for c in City.objects.all()]


EVENT_FIELDS = ["kind", "title_zh", "title_en", "description", "description_language", "venue_zh", "venue_en", "address", "mode",
                "online_url", "starts_at", "ends_at", "registration_closes_at", "capacity", "requires_approval"]


class EventForm(forms.ModelForm):
    """The event's facts. On creation also who organises it and where.

    Who may leave "Organised by" empty depends on the person: an operator organises for the platform
    or their district; anyone else picks one of the organisations they administer. The city may stay
    empty only when an organisation organises (the event is then in its city); the help texts say
    exactly that, and `clean` refuses what the help text rules out with an error on the field."""

    organiser = forms.ModelChoiceField(label=_("Organised by"), queryset=Organisation.objects.none(), required=False)
    city = forms.ModelChoiceField(label=_("City or district"), queryset=City.objects.all(), required=False)

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {"starts_at": DateTimeLocal(), "ends_at": DateTimeLocal(), "registration_closes_at": DateTimeLocal()}

    def __init__(self, *args, user=None, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["organiser"]
            del self.fields["city"]
            return
        organiser, city = self.fields["organiser"], self.fields["city"]
        organiser.queryset = Organisation.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.ADMIN).order_by("name_en", "pk")
        self.platform_operator = bool(is_platform_operator(user))
        self.operator_cities = set(user.operator_cities.values_list("pk", flat=True)) if is_district_operator(user) else set()
        if self.platform_operator or self.operator_cities:
            organiser.empty_label = _("no organisation: the platform or the district")
            organiser.help_text = _("Leave empty for an event of the platform or of your district.")
            city.help_text = _("Where the event takes place. Required for an event of the platform or of a district; "
                               "left empty for an organisation's event, it is the organisation's city.")
        else:
            organiser.required, organiser.empty_label = True, None
            organiser.help_text = _("The organisation you administer that organises the event.")
            city.help_text = _("Where the event takes place. Left empty, it is the organisation's city.")
        self.order_fields(["organiser", "city", *EVENT_FIELDS])

    def clean(self):
        data = super().clean()
        if "organiser" not in self.fields or self.errors.get("organiser"):
            return data
        organiser, city = data.get("organiser"), data.get("city")
        if organiser is None and city is None:
            self.add_error("city", _("Choose the city or district where the event takes place."))
        elif organiser is None and not self.platform_operator and city.pk not in self.operator_cities:
            self.add_error("city", _("As a district operator you organise events only in your own cities or districts."))
        return data


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name_zh", "name_en", "capacity"]


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name_zh", "name_en", "affiliation_zh", "affiliation_en", "bio", "bio_language"]


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title_zh", "title_en", "starts_at", "ends_at", "room", "speakers", "description", "description_language"]
        widgets = {"starts_at": DateTimeLocal(), "ends_at": DateTimeLocal(), "speakers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = event.rooms.all() if event else Room.objects.none()
        self.fields["speakers"].queryset = event.speakers.all() if event else Speaker.objects.none()


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice: one option a line, Chinese | English (e.g. 是 | Yes)."),
    )

    class Meta:
        model = Question
        fields = ["label_zh", "label_en", "kind", "required"]

    def options(self) -> list[dict]:
        found = []
        for line in self.cleaned_data.get("options_text", "").splitlines():
            zh, _sep, en = line.partition("|")
            if zh.strip() or en.strip():
                found.append({"zh": zh.strip(), "en": en.strip()})
        return found


class RegistrationForm(forms.Form):
    """Registering: for which organisation, and the organiser's questions (fields question_<id>)."""

    organisation = forms.ModelChoiceField(label=_("I come for"), queryset=Organisation.objects.none(), required=False,
                                          empty_label=_("myself (no organisation)"))

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = my_organisations(user)  # the one they act for (their admin organisation) first
        self.fields["organisation"].queryset = orgs
        first = orgs.first()
        if first is not None:
            self.fields["organisation"].initial = first.pk
        self.questions = list(event.questions.all())
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                choices = [(str(i), label) for i, label in enumerate(question.option_labels)]
                self.fields[name] = forms.ChoiceField(label=question.label, required=question.required, widget=forms.RadioSelect,
                                                      choices=choices)
            else:
                self.fields[name] = forms.CharField(label=question.label, required=question.required, max_length=1000)

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions}


class CheckInCodeForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=12, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True, "inputmode": "text",
        "class": "checkin-code",
    }))


class CancelRegistrationForm(forms.Form):
    """Cancelling a registration asks for a tick first (issue 19, bug 3): one click used to cancel."""

    confirm = forms.BooleanField(label=_("Yes, cancel this registration"), required=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class MessageRegistrantsForm(forms.Form):
    """One text to the registrants (or a group of them), sent as written."""

    audience = forms.ChoiceField(label=pgettext_lazy("message", "To"), choices=EventMessage.Audience.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Sent as you write it, in the inbox and by e-mail; a line under it names the event."))

    def __init__(self, *args, sizes: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sizes is not None:
            audience = cast(forms.ChoiceField, self.fields["audience"])
            audience.choices = [(value, f"{label} ({sizes.get(value, 0)})") for value, label in EventMessage.Audience.choices]


class PitchForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Startup"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=pgettext_lazy("pitch", "Summary"), widget=forms.Textarea, max_length=5000, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    funding_need_cny = forms.IntegerField(label=_("Funding need (CNY)"), min_value=1, max_value=10**12)
    stage = forms.ChoiceField(label=_("Stage"), choices=Pitch.Stage.choices)
    deck = forms.FileField(label=_("Pitch deck (PDF, up to 20 MB)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user, kind=Organisation.Kind.STARTUP).order_by("name_en", "pk")


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Score"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class MeetingRequestForm(forms.Form):
    note = forms.CharField(label=_("Note to the startup"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)
