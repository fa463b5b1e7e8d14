from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innobelt.conversations.domain import NotFound, contact
from innobelt.matching import domain, queries
from innobelt.matching.forms import FindPartnersForm
from innobelt.matching.models import MatchFeedback
from innobelt.organisations.queries import my_organisations


def find_partners(request):
    form = FindPartnersForm(request.GET or None)
    results = []
    if form.is_valid():
        data = form.cleaned_data
        results = queries.find_matches(user=request.user, query=data["q"], kinds=[data["kind"]] if data["kind"] else (),
                                      city=data["city"], industry=data["industry"], k=20, ineligible="mark")
    template = "matching/_results.html" if request.htmx else "matching/find_partners.html"
    return render(request, template, {"form": form, "results": results, "query": form.data.get("q", "")})


def matches_for(request, kind, pk):
    """The "Matches for this" panel other pages load with hx-get (only what the caller may see)."""
    obj = queries.find_visible_object(user=request.user, kind=kind, pk=pk)
    if obj is None:
        raise Http404
    results = queries.matches_for_object(user=request.user, kind=kind, obj=obj, k=8)
    return render(request, "matching/_results.html", {"results": results, "compact": True})


@login_required
def recommended(request):
    """"Recommended for you": matches for the profile of the person's (first) organisation."""
    organisation = my_organisations(request.user).first()  # the one they act for: their admin organisation first
    results = []
    if organisation is not None:
        results = queries.recommend_for_organisation(user=request.user, organisation=organisation, k=8)
    return render(request, "matching/_results.html", {"results": results, "compact": True})


@login_required
def saved(request):
    """The matches this person saved."""
    return render(request, "matching/saved.html", {"saved": queries.saved_matches(request.user)})


@login_required
@require_POST
def feedback(request):
    target, action = request.POST.get("target", ""), request.POST.get("action", "")
    if action not in MatchFeedback.Action.values or ":" not in target:
        return HttpResponse(status=400)
    problem, thread = "", None
    try:
        with transaction.atomic():  # a contact about what the person may not see keeps no feedback either
            domain.record_feedback(user=request.user, target=target, action=action, query=request.POST.get("query", ""))
            if action == MatchFeedback.Action.CONTACT:  # also start (or open) a conversation with the match's organisation
                try:
                    thread, _created = contact(actor=request.user, about=target)
                except ValidationError as exc:  # nobody to write for: the feedback stays, the reason is shown
                    problem = " ".join(exc.messages)
    except NotFound:
        raise Http404 from None
    if thread is not None:
        if not request.htmx:
            return redirect(thread)
        response = render(request, "matching/_feedback_done.html", {"action": action, "thread": thread})
        response["HX-Redirect"] = thread.get_absolute_url()
        return response
    return render(request, "matching/_feedback_done.html", {"action": action, "problem": problem})
