"""Pages of events: the list, an event with its agenda, creating, editing, publishing, the programme, iCal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.events import calendar, domain, queries
from innobelt.events.forms import EventFilterForm, EventForm, QuestionForm, RoomForm, SessionForm, SpeakerForm
from innobelt.events.models import Event, Question, Room, Session, Speaker
from innobelt.events.page_panels import EventPage, panels_for
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can

PAGE_SIZE = 30


def event_list(request):
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = queries.public_events(query=data.get("q", ""), kind=data.get("kind", ""), city=data.get("city", ""), past=data.get("past", False),
                                  month=data.get("month"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "events/list.html", {
        "form": form, "page": page, "query_string": query_string.urlencode(),
        "can_create": can(request.user, "events.add_event"),
    })


@login_required
def manage(request):
    """The events this person organises or staffs, drafts included."""
    events = list(queries.managed_events(request.user)[:200])
    managed = set(Event.objects.filter(queries.managed_filter(request.user), pk__in=[e.pk for e in events]).values_list("pk", flat=True))
    for event in events:
        event.is_managed = event.pk in managed
    return render(request, "events/manage.html", {"events": events, "can_create": can(request.user, "events.add_event")})


def detail(request, pk):
    event = queries.event_or_404(request.user, pk)
    registration = queries.registration_of(request.user, event)
    confirmed = event.registrations.filter(status="confirmed").count()
    can_manage = can(request.user, "events.change_event", event)
    # Other apps (the 1:1 meetings) add panels through events/page_panels.py: events imports none of them.
    panels = panels_for(EventPage(request=request, event=event, registration=registration, can_manage=can_manage))
    return render(request, "events/detail.html", {
        "event": event,
        "sessions": event.sessions.all(),
        "speakers": event.speakers.all(),
        "registration": registration,
        "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
        "registration_open": event.registration_is_open(),
        "can_manage": can_manage,
        "panels": panels,
        "can_check_in": can(request.user, "events.check_in", event),
        "is_roadshow": event.kind == Event.Kind.ROADSHOW,
    })


@login_required
def create(request):
    if not can(request.user, "events.add_event"):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            event = domain.create_event(actor=request.user, organiser=form.cleaned_data["organiser"], city=form.cleaned_data["city"],
                                        **fields)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error(None, _("You may organise events only for an organisation you administer, or in your city as an operator."))
            else:
                add_validation_errors(form, exc)
        else:
            messages.success(request, _("The event was saved as a draft. Add its programme, then publish it."))
            return redirect("events:programme", pk=event.pk)
    return render(request, "events/edit.html", {"form": form, "creating": True})


@login_required
def edit(request, pk):
    event = queries.event_or_404(request.user, pk, perm="events.change_event")
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            domain.update_event(actor=request.user, event=event, changes=changes)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(event)
    return render(request, "events/edit.html", {"form": form, "event": event})


@login_required
@require_POST
def publish(request, pk):
    event = queries.event_or_404(request.user, pk, perm="events.change_event")
    try:
        domain.publish_event(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The event is published: everyone can see it and register."))
    return redirect(event)


PARTS = {
    # part: (form class, domain function, model)
    "room": (RoomForm, domain.add_room, Room),
    "speaker": (SpeakerForm, domain.add_speaker, Speaker),
    "session": (SessionForm, domain.add_session, Session),
    "question": (QuestionForm, domain.add_question, Question),
}
REMOVE = {"room": domain.remove_room, "speaker": domain.remove_speaker, "session": domain.remove_session,
          "question": domain.remove_question}


def _forms(event, data=None, part=None) -> dict:
    made = {}
    for name, (form_class, _add, _model) in PARTS.items():
        bound = data if name == part else None
        kwargs = {"event": event} if form_class is SessionForm else {}
        made[name] = form_class(bound, prefix=name, **kwargs)
    return made


@login_required
def programme(request, pk):
    """The organiser's page for the agenda: rooms, speakers, sessions and registration questions."""
    event = queries.event_or_404(request.user, pk, perm="events.change_event")
    part = request.POST.get("part") if request.method == "POST" else None
    forms = _forms(event, request.POST, part)
    if part in PARTS and forms[part].is_valid():
        form, add = forms[part], PARTS[part][1]
        data = dict(form.cleaned_data)
        if part == "question":
            data["options"] = form.options()
            data.pop("options_text", None)
        try:
            add(actor=request.user, event=event, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Added to the programme."))
            return redirect("events:programme", pk=event.pk)
    # Tools of the apps below for this event (the 1:1 meetings' set-up), through events/page_panels.py.
    panels = panels_for(EventPage(request=request, event=event, registration=None, can_manage=True, organiser_page=True))
    return render(request, "events/programme.html", {
        "event": event, "forms": forms, "rooms": event.rooms.all(), "speakers": event.speakers.all(),
        "sessions": event.sessions.all(), "questions": event.questions.all(), "panels": panels,
    })


@login_required
@require_POST
def remove_item(request, pk, part, item):
    event = queries.event_or_404(request.user, pk, perm="events.change_event")
    if part not in REMOVE:
        raise Http404
    found = get_object_or_404(PARTS[part][2], pk=item, event=event)
    try:
        REMOVE[part](actor=request.user, **{part: found})
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Removed from the programme."))
    return redirect("events:programme", pk=event.pk)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = queries.event_or_404(request.user, pk)
    return _ics(calendar.event_calendar(event, base_url=request.build_absolute_uri("/")[:-1]), f"event-{event.pk}.ics")


def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("event", "event__city", "room"), pk=pk)
    if not can(request.user, "events.view_event", session.event):
        raise Http404
    return _ics(calendar.session_calendar(session, base_url=request.build_absolute_uri("/")[:-1]), f"session-{session.pk}.ics")
