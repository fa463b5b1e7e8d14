"""The Belt's cities and industries as a filter's choices, in the reader's language: read once and kept until a city
or an industry changes (`kit.kept.value`), not three queries on every list page."""

from innobelt.belt.models import City, Industry
from innobelt.bilingual import pick
from innobelt.kit import kept

SHOWS = ("belt",)  # watched from BeltConfig.ready


def city_choices() -> list[tuple[str, str]]:
    """(slug, name) of every city and district, in the Belt's order."""
    return kept.value("belt:city-choices", SHOWS, lambda: [
        (slug, pick(zh, en)) for slug, zh, en in City.objects.values_list("slug", "name_zh", "name_en")])


def industry_choices() -> list[tuple[str, str]]:
    """(code, name) of every industry, by name in the reader's language."""
    return kept.value("belt:industry-choices", SHOWS, lambda: sorted(
        ((code, pick(zh, en)) for code, zh, en in Industry.objects.values_list("code", "name_zh", "name_en")),
        key=lambda choice: choice[1]))
