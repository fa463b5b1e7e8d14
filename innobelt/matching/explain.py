"""Reasons for a match, in the reader's language."""

import time

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from innobelt.belt.models import City, Industry
from innobelt.bilingual import active_is_chinese, join_list
from innobelt.organisations.models import Organisation

BANDS = {
    "very_close": lambda: _("Very close in meaning"),
    "close": lambda: _("Close in meaning"),
    "related": lambda: _("Related in meaning"),
}
LANGUAGES = {"zh": lambda: _("Chinese"), "en": lambda: _("English")}


#: letters whose English name starts with a vowel sound ("an SME", "an R&D lab")
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def with_article(noun: str) -> str:
    """English "a"/"an" before a noun ("a large firm", "an SME", "an investor", "a university"); in Chinese, the noun."""
    noun = str(noun)
    if active_is_chinese() or not noun:
        return noun
    word = noun.split()[0]
    if word.isupper() and len(word) > 1:  # an acronym, read letter by letter
        vowel = word[0] in _VOWEL_SOUND_LETTERS
    else:
        lower = word.lower()
        vowel = lower[0] in "aeiou" and not lower.startswith(("uni", "use", "usu", "eu", "one"))
    return f"{'an' if vowel else 'a'} {noun}"


#: industries by code and cities by slug, read once per process for REFERENCE_SECONDS (a match's reasons
#: named them with a query each: 32 of a match query's 44 queries); dropped on a save or delete here
REFERENCE_SECONDS = 60
_reference: dict[type, tuple[float, dict]] = {}


def _rows(model) -> dict:
    kept = _reference.get(model)
    if kept is None or time.monotonic() - kept[0] > REFERENCE_SECONDS:
        key = "code" if model is Industry else "slug"
        kept = (time.monotonic(), {getattr(row, key): row for row in model.objects.all()})
        _reference[model] = kept
    return kept[1]


def _forget(sender, **kwargs) -> None:
    _reference.pop(sender, None)


for _model in (Industry, City):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"matching.explain.{_model.__name__}.save")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"matching.explain.{_model.__name__}.delete")


def _industry_names(codes) -> str:
    industries = _rows(Industry)
    return join_list(industries[c].name if c in industries else c for c in codes)


def explain(reason) -> str | None:
    code, p = reason.code, reason.params
    if code == "matched_terms":
        return _("Matched words: %(terms)s") % {"terms": join_list(p["terms"])}
    if code == "semantic_closeness":
        band = BANDS.get(p.get("band"))
        return band() if band else None
    if code == "cross_language":
        return _("Found across languages: your %(query)s words, a record in %(record)s") % {
            "query": LANGUAGES.get(p["query_lang"], lambda: p["query_lang"])(),
            "record": LANGUAGES.get(p["record_lang"], lambda: p["record_lang"])(),
        }
    if code == "supporting_items":
        return _("%(count)d parts of the profile match") % {"count": p["count"]}
    if code == "shared_industries":
        return _("Shared industries: %(names)s") % {"names": _industry_names(p["industries"])}
    if code == "city_specialty":
        city = _rows(City).get(p["city"])
        return _("%(city)s specialises in %(specialty)s") % {
            "city": city.name if city else p["city"], "specialty": _industry_names([p["specialty"]])}
    if code == "kind_compatible":
        kinds = dict(Organisation.Kind.choices)
        return _("Suits %(query)s: offered by %(record)s") % {
            "query": with_article(kinds.get(p["query_kind"], p["query_kind"])),
            "record": with_article(kinds.get(p["record_kind"], p["record_kind"]))}
    return None
