"""The search document of a service (kit/search_text.py): both titles and descriptions, the category, the
provider and the cities served in both languages, plus English stems."""

from django.utils import translation

from innobelt.kit.search_text import build_search_document


def service_search_document(service) -> str:
    with translation.override("zh-hans"):
        category_zh = str(service.get_category_display())
    with translation.override("en"):
        category_en = str(service.get_category_display())
    cities = list(service.cities.all()) if service.pk else []
    organisation = service.provider.organisation
    return build_search_document(
        service.title_zh, service.title_en, service.description_zh, service.description_en,
        category_zh, category_en, f"{organisation.name_zh} {organisation.name_en}",
        " ".join(f"{c.name_zh} {c.name_en}" for c in cities),
    )
