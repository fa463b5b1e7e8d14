"""Award programmes, one nomination with its computed evidence and scores, and award certificates (PDF).

Defining programmes, nominating, reviewing and deciding are in the API for now."""

from django.http import HttpResponse
from django.shortcuts import render

from innobelt.permissions import can
from innobelt.showcase import certificates, queries
from innobelt.showcase.domain.awards import total_score
from innobelt.showcase.evidence import RECORD_URLS, figure_label


def programme_list(request):
    return render(request, "showcase/programme_list.html", {"programmes": queries.programme_list(request.user)})


def programme_detail(request, pk):
    programme = queries.programme_or_404(request.user, pk)
    winners = list(queries.awarded().filter(programme=programme))
    return render(
        request,
        "showcase/programme_detail.html",
        {
            "programme": programme,
            "winners": winners,
            "nominations": queries.nominations_for(request.user, programme),
            "can_manage": can(request.user, "showcase.manage_programme", programme),
        },
    )


def evidence_rows(nomination):
    """The figures with their labels, and each record behind a figure with its page."""
    rows = []
    for item in nomination.evidence:
        records = [{**record, "route": RECORD_URLS.get(record["kind"], "")} for record in item["records"]]
        rows.append(
            {"key": item["key"], "label": figure_label(item["key"]), "value": item["value"], "records": records}
        )
    return rows


def nomination_detail(request, pk):
    nomination = queries.nomination_or_404(request.user, pk)
    return render(
        request,
        "showcase/nomination_detail.html",
        {
            "nomination": nomination,
            "evidence": evidence_rows(nomination),
            "total": total_score(nomination),
            "criteria": list(nomination.programme.criteria.all()),
        },
    )


def certificate(request, pk):
    nomination = queries.awarded_or_404(pk)
    response = HttpResponse(certificates.certificate_pdf(nomination), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{nomination.pk}.pdf"'
    return response
