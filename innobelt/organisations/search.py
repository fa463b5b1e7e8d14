"""Directory search: the search document of an organisation.

Both names, the description, the credit code, the industries and the city in both languages, built
by the kit's `build_search_document` (innobelt/kit/search_text.py, which says how terms match).
"""

from innobelt.kit.search_text import build_search_document


def search_document_for(org, industries=None) -> str:
    """`industries`: give them for an organisation not saved yet (an import prepares its rows before writing)."""
    if industries is None:
        industries = list(org.industries.all()) if org.pk else []
    return build_search_document(
        org.name_zh, org.name_en, org.description, org.credit_code or "",
        " ".join(f"{i.name_zh} {i.name_en}" for i in industries),
        f"{org.city.name_zh} {org.city.name_en}" if org.city_id else "",
    )
