"""The search document of a need (kit/search_text.py): both titles, the problem, the desired outcome,
industries and the owner in both languages, plus English stems. Confidential details are never in it:
a search must not tell who may not read them what they say."""

from innobelt.kit.search_text import build_search_document


def need_search_document(need) -> str:
    industries = list(need.industries.all()) if need.pk else []
    owner = need.owner
    return build_search_document(
        need.title_zh,
        need.title_en,
        need.problem,
        need.desired_outcome,
        " ".join(f"{i.name_zh} {i.name_en}" for i in industries),
        f"{owner.name_zh} {owner.name_en}",
    )
