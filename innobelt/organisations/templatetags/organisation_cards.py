"""`{% organisation_card org %}`: an organisation's card built in Python (ADR 0024).

The same HTML as `organisations/_card.html`, byte for byte (tests/organisations/test_cards.py renders both
for every demo organisation, in both languages, and for names that need escaping): the directory shows 60
cards a page, and through the template engine each cost about 0.2 ms of lookups, translations and a URL
reversal (a third of the signed-in directory). The labels that are the same on every card (the kinds, the
badges, the URL around the slug) are worked out once per template render and language. Change the card
in both places; the test says when they differ.
"""

import re
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innobelt.bilingual import active_is_chinese
from innobelt.organisations.models import Organisation

register = template.Library()

# what the `slug` path converter accepts: such a slug goes into the URL as it is (no quoting)
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "organisation-slug-placeholder"
LABELS_KEY = "innobelt.organisations.organisation_card"  # in the render context: the labels of this render


class _Labels:
    """What every card of one render shares, in the active language."""

    def __init__(self) -> None:
        self.language = get_language()
        self.chinese = active_is_chinese()
        self.kinds = {value: conditional_escape(label) for value, label in Organisation.Kind.choices}
        self.outside = conditional_escape(_("outside the Belt"))
        self.verified = f'<span class="badge badge-verified">{conditional_escape(_("verified"))}</span>'
        self.synthetic = f'<span class="badge badge-synthetic">{conditional_escape(_("demo data"))}</span>'
        self.url_before, _sep, self.url_after = reverse(
            "organisations:detail", kwargs={"slug": PLACEHOLDER}).partition(PLACEHOLDER)

    def url(self, org: Organisation) -> str:
        if PLAIN_SLUG.fullmatch(org.slug):
            return self.url_before + org.slug + self.url_after
        return org.get_absolute_url()  # anything else the way Django reverses it

    def name(self, zh: str, en: str) -> str:
        """bilingual.pick in this language."""
        first, second = (zh, en) if self.chinese else (en, zh)
        return first or second or ""


def _labels(context: template.Context) -> _Labels:
    labels = context.render_context.get(LABELS_KEY)
    if labels is None or labels.language != get_language():
        labels = context.render_context[LABELS_KEY] = _Labels()
    return labels


def card_html(org: Organisation, labels: _Labels) -> SafeString:
    """organisations/_card.html for `org` (its city and industries loaded beforehand)."""
    esc = conditional_escape
    name = labels.name(org.name_zh, org.name_en)
    other = org.name_en if labels.chinese else org.name_zh
    other = other if other and other != name else ""
    city = org.city
    kind = labels.kinds.get(org.kind)
    if kind is None:  # a value outside the choices shows as it is, as get_FOO_display does
        kind = esc(org.get_kind_display())
    tags = "".join(f'<li class="tag">{esc(labels.name(i.name_zh, i.name_en))}</li>' for i in org.industries.all())
    return mark_safe(  # every value below is escaped
        f'<article class="card">\n'
        f'  <h3><a href="{esc(labels.url(org))}">{esc(name)}</a></h3>\n'
        f'  {f"""<span class="other-name">{esc(other)}</span>""" if other else ""}\n'
        f'  <p class="muted">{kind} · {esc(labels.name(city.name_zh, city.name_en)) if city else labels.outside}</p>\n'
        f'  <p>{labels.verified if org.is_verified else ""}\n'
        f'     {"""<span class="badge badge-goi">GOI</span>""" if org.is_goi_member else ""}\n'
        f'     {labels.synthetic if org.is_synthetic else ""}</p>\n'
        f'  <ul class="tags">{tags}</ul>\n'
        f'</article>\n')


@register.simple_tag(takes_context=True)
def organisation_card(context: template.Context, org: Any) -> SafeString:
    return card_html(org, _labels(context))
