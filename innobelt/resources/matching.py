"""Resources as matching records (innobelt/matching/registry.py): registered in apps.py.

Only published resources are matchable. Visibility becomes the engine's `audience` facet,
so a restricted resource can never be ranked for someone who may not see it: public →
everyone; verified → members of verified organisations; chosen cities → organisations of
those cities. The owner's own people are always in the audience.
"""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register
from innobelt.organisations.models import Organisation
from innobelt.resources.domain import eligibility_problems
from innobelt.resources.models import Resource

TEXT_FIELDS = ["description", "category", "maker", "model_number", "claims_summary", "problem_solved", "deployment_conditions",
               "access_conditions", "data_format"]


def audiences(resource: Resource) -> list[str]:
    if resource.visibility == Resource.Visibility.PUBLIC:
        return ["public"]
    owner = [f"org:{resource.owner_id}"]
    if resource.visibility == Resource.Visibility.VERIFIED:
        return ["verified", *owner]
    return [*(f"city:{c.slug}" for c in resource.visible_cities.all()), *owner]


def resource_record(resource: Resource) -> Record | None:
    if resource.status != Resource.Status.PUBLISHED:
        return None
    industries = list(resource.industries.all())
    topics = " ".join(f"{i.name_zh} {i.name_en}" for i in industries)
    text = " ".join(x for x in [*(getattr(resource, name) for name in TEXT_FIELDS), topics] if x)
    return Record(
        id=record_id("resource", resource.pk),
        title=" / ".join(x for x in (resource.title_zh, resource.title_en) if x),
        text=text,
        facets={
            "kind": ["resource"],
            "resource_kind": [resource.kind],
            "owner_kind": [resource.owner.kind],
            "city": [resource.city.slug] if resource.city_id else [],
            "industry": [i.code for i in industries],
            "owner": [str(resource.owner_id)],
            "audience": audiences(resource),
        },
    )


def not_eligible_reason(resource: Resource, organisations: Sequence[Organisation]) -> str | None:
    """Why none of the reader's organisations may ask for this resource (None: one of them may).

    The same rules as asking for it (`eligibility_problems`); owning it is not a reason here:
    matching never shows an organisation its own records."""
    reasons = []
    for organisation in organisations:
        if organisation.pk == resource.owner_id:
            continue
        problems = eligibility_problems(resource, organisation)
        if not problems:
            return None
        reasons.extend(problems)
    return " ".join(reasons) or None


def register_resources() -> None:
    register(MatchSource(
        kind="resource",
        model=Resource,
        queryset=lambda: Resource.objects.select_related("owner", "city").prefetch_related("industries", "visible_cities"),
        # a result: title, link, eligibility (not_eligible_reason reads the owner's id and the three rules)
        shown=lambda: Resource.objects.only("title_zh", "title_en", "owner", "only_smes_and_startups",
                                            "only_belt_organisations", "only_goi_members"),
        to_record=resource_record,
        label=lambda: str(_("shared resource")),
        eligibility=not_eligible_reason,
    ))
