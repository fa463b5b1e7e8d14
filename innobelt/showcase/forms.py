"""The form of a new achievement: its fields, and the partners and trail records the organisation may name
(showcase/trail.py decides which records those are)."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, Industry
from innobelt.organisations.models import Organisation
from innobelt.showcase import trail
from innobelt.showcase.models import Achievement

CHOICES_PER_KIND = 30


def _partner_ids(record: Any, kind: trail.TrailKind | None = None) -> Iterator[int]:
    """The organisations on either side of a linkable record."""
    if kind is not None and kind.parties is not None:
        yield from (pk for pk in kind.parties(record) if pk)
        return
    for path in (
        ("owner_id",),
        ("organisation_id",),
        ("challenge", "owner_id"),
        ("resource", "owner_id"),
        ("request", "organisation_id"),
        ("request", "resource", "owner_id"),
    ):
        value: Any = record
        for step in path:
            value = getattr(value, step, None)
        if isinstance(value, int):
            yield value
    for side in ("a", "b"):
        participant = getattr(record, side, None)
        if participant is not None:
            organisation_id = participant.registration.organisation_id
            if organisation_id:
                yield organisation_id


def trail_choices(organisation: Organisation) -> tuple[list[tuple[str, str]], set[int]]:
    """("kind:id", label) of the records the organisation may link, newest first, and the organisations met."""
    choices: list[tuple[str, str]] = []
    met: set[int] = set()
    for key, kind in trail.KINDS.items():
        records = list(kind.linkable(organisation).order_by("-pk")[:CHOICES_PER_KIND])
        if key == "meeting":
            records = list(
                kind.linkable(organisation)
                .select_related("a__registration", "b__registration")
                .order_by("-pk")[:CHOICES_PER_KIND]
            )
        for record in records:
            choices.append((f"{key}:{record.pk}", f"{kind.name}: {kind.label(record)}"))
            met |= set(_partner_ids(record, kind))
    met.discard(organisation.pk)
    return choices, met


class AchievementForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Partners"),
        help_text=_("Organisations you worked with on the platform; each confirms before publication."),
    )
    cities = forms.ModelMultipleChoiceField(
        queryset=City.objects.order_by("position", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Cities"),
    )
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Industries"),
    )
    trail = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple, label=_("What led to it on the platform")
    )

    class Meta:
        model = Achievement
        fields = [
            "kind",
            "title_zh",
            "title_en",
            "story_language",
            "story_zh",
            "story_en",
            "year",
            "revenue",
            "patents_filed",
            "products_launched",
            "jobs",
        ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices, met = trail_choices(organisation)
        trail_field = self.fields["trail"]
        partners_field = self.fields["partners"]
        assert isinstance(trail_field, forms.MultipleChoiceField)
        assert isinstance(partners_field, forms.ModelMultipleChoiceField)
        trail_field.choices = choices
        partners_field.queryset = Organisation.objects.filter(pk__in=met).order_by("name_en", "name_zh")

    def trail_items(self) -> list[dict[str, Any]]:
        items = []
        for value in self.cleaned_data.get("trail", []):
            kind, _sep, pk = value.partition(":")
            items.append({"kind": kind, "id": int(pk)})
        return items
