"""The organisation source: an organisation's capabilities as a long profile."""

from django.utils.translation import gettext_lazy as _

from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register
from innobelt.organisations.models import Organisation


def organisation_record(org: Organisation) -> Record:
    industries = list(org.industries.all())
    title = " / ".join(x for x in (org.name_zh, org.name_en) if x)
    topics = " ".join(f"{i.name_zh} {i.name_en}" for i in industries)
    return Record(
        id=record_id("organisation", org.pk),
        title=title,
        text=f"{org.description} {topics}".strip(),
        facets={
            "kind": ["organisation"],
            "org_kind": [org.kind],
            "city": [org.city.slug] if org.city_id else [],
            "industry": [i.code for i in industries],
            "owner": [str(org.pk)],
            "audience": ["public"],  # the directory is public
        },
    )


def register_builtin_sources() -> None:
    register(MatchSource(
        kind="organisation",
        model=Organisation,
        queryset=lambda: Organisation.objects.select_related("city").prefetch_related("industries"),
        # a result: name and link; a challenge's suggested solvers: also the slug the invitation posts
        shown=lambda: Organisation.objects.only("slug", "name_zh", "name_en"),
        to_record=organisation_record,
        label=lambda: str(_("organisation")),
    ))
