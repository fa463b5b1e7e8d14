"""What an organisation shows in the exhibition zone: its shared resources (as the reader may see them), its
published achievements (its own and those it is a partner of) and its awards; and the one-page brochure,
rendered by WeasyPrint with the Noto Sans CJK SC font embedded (docs/adr/1101-showcase.md)."""

from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import get_language

from innobelt.organisations.models import Organisation
from innobelt.resources.queries import visible_resources
from innobelt.showcase.models import Achievement
from innobelt.showcase.queries import awarded

LIMIT = 12


def page_context(user, organisation: Organisation) -> dict[str, Any]:
    resources = list(visible_resources(user).filter(owner=organisation).order_by("-published_at", "-pk")[:LIMIT])
    achievements = list(
        Achievement.objects.filter(
            Q(organisation=organisation) | Q(partners__organisation=organisation, partners__confirmed_at__isnull=False),
            status=Achievement.Status.PUBLISHED,
        )
        .select_related("organisation")
        .distinct()
        .order_by("-year", "-published_at", "-pk")[:LIMIT]
    )
    return {
        "organisation": organisation,
        "resources": resources,
        "achievements": achievements,
        "awards": list(awarded(organisation=organisation)[:LIMIT]),
    }


def brochure_pdf(user, organisation: Organisation) -> bytes:
    """One A4 page (the lists are cut to fit): name, description, resources, achievements, awards."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: WeasyPrint loads Pango; only the PDF views need it

    context = page_context(user, organisation)
    context.update(
        resources=context["resources"][:6],
        achievements=context["achievements"][:5],
        awards=context["awards"][:5],
        language=get_language(),
    )
    html = render_to_string("showcase/brochure.html", context)
    return HTML(string=html).write_pdf()
