"""Pages of challenges: the list with search and one challenge (its criteria, phases and, after the
agreement, its confidential details). Drafting, the agreement and proposals are in the API for now."""

from django.core.paginator import Paginator
from django.shortcuts import render

from innobelt.challenges import queries
from innobelt.challenges.forms import ChallengeFilterForm
from innobelt.permissions import can

PAGE_SIZE = 30


def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    results = queries.challenge_list(request.user, query=data.get("q", ""))
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "challenges/challenge_list.html",
                  {"form": form, "page": page, "query_string": query_string.urlencode()})


def challenge_detail(request, pk):
    challenge = queries.challenge_or_404(request.user, pk)
    return render(request, "challenges/challenge_detail.html", {
        "challenge": challenge,
        "can_read_details": can(request.user, "challenges.read_challenge_details", challenge),
    })
