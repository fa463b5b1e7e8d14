"""The door: the organiser's check-in page for a phone (type the code), and the page a scanned QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innobelt.events import domain, queries, tickets
from innobelt.events.forms import CheckInCodeForm
from innobelt.permissions import can


def _check_in(request, registration) -> None:
    """Check one person in and say clearly what happened."""
    person = registration.user
    organisation = registration.organisation.name if registration.organisation else _("no organisation")
    try:
        domain.check_in_attendee(actor=request.user, registration=registration)
    except domain.AlreadyCheckedIn as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Checked in: %(person)s (%(organisation)s)") % {"person": person, "organisation": organisation})


@login_required
def check_in(request, pk):
    """Type the six-character code (or scan: the phone's camera opens check_in_token)."""
    event = queries.event_or_404(request.user, pk, perm="events.check_in")
    form = CheckInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = domain.registration_for_code(event, form.cleaned_data["code"])
        if found is None:
            messages.error(request, _("No registration for this event has the code %(code)s.") % {
                "code": domain.normalise_code(form.cleaned_data["code"]) or "—"})
        else:
            _check_in(request, found)
        return redirect("events:check_in", pk=event.pk)
    figures = queries.attendance_figures(event)
    return render(request, "events/check_in.html", {"event": event, "form": form, "figures": figures,
                                                     "recent": queries.recent_check_ins(event)})


@login_required
def check_in_token(request, token):
    """What a scanned QR code opens: who it is, and one tap to mark them attended."""
    found = tickets.registration_for_token(token)
    if found is None or not can(request.user, "events.check_in", found.event):
        raise Http404  # a forged token and someone else's event look the same
    if request.method == "POST":
        _check_in(request, found)
        return redirect("events:check_in", pk=found.event_id)
    return render(request, "events/check_in_person.html", {"registration": found, "event": found.event})
