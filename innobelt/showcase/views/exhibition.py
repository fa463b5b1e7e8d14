"""Exhibition pages of labs, institutes and leading firms, and their one-page brochure (PDF)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from innobelt.organisations.models import Organisation
from innobelt.showcase import exhibition


def exhibition_page(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "showcase/exhibition.html", exhibition.page_context(request.user, organisation))


def brochure(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    response = HttpResponse(exhibition.brochure_pdf(request.user, organisation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}.pdf"'
    return response
