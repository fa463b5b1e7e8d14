"""Reasons for a match, in the reader's language."""

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


def _industry_names(codes) -> str:
    names = {i.code: i.name for i in Industry.objects.filter(code__in=list(codes))}
    return join_list(names.get(c, c) for c in codes)


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
        city = City.objects.filter(slug=p["city"]).first()
        return _("%(city)s specialises in %(specialty)s") % {
            "city": city.name if city else p["city"], "specialty": _industry_names([p["specialty"]])}
    if code == "kind_compatible":
        kinds = dict(Organisation.Kind.choices)
        return _("Suits %(query)s: offered by %(record)s") % {
            "query": with_article(kinds.get(p["query_kind"], p["query_kind"])),
            "record": with_article(kinds.get(p["record_kind"], p["record_kind"]))}
    return None
