"""The 1:1 meetings API: every page action, for apps and scripts. Endpoints only translate.

Everything is for participants (a confirmed registration) and organisers (the event's
managers); anyone else gets a 404, as on the pages.

A confirmed registrant takes part once they POST .../join (201 the first time, 200 after);
until then every participant endpoint answers 404 (not_found), and no read ever creates a
participant record.
"""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Router
from ninja.responses import Status

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.meetings import domain, queries
from innobelt.meetings.models import Participant, ScheduleRun, Slot
from innobelt.meetings.schemas import (
    MAX_ID,
    FixIn,
    MeetingOut,
    OutcomeIn,
    ParticipantOut,
    ProfileIn,
    ProfileOut,
    ProgrammeIn,
    ProgrammeOut,
    ReceivedRequestOut,
    RequestIn,
    RequestOut,
    ResponseIn,
    RunIn,
    RunOut,
    SlotOut,
    SlotsIn,
    SlotTablesIn,
    SuggestionOut,
    TakenInOut,
)
from innobelt.meetings.suggestions import suggest_partners

router = Router(tags=["meetings"])

#: ids in paths stay within a 64-bit integer (a larger one would be a database error, not a 404)
PathId = Annotated[int, Path(..., ge=1, le=MAX_ID)]


@router.get("/meeting-programmes/{event_id}", response={200: ProgrammeOut, **errors(404)}, auth=SIGNED_IN)
def get_programme(request, event_id: PathId):
    return queries.programme_with_slots(queries.seen_programme_or_404(request.auth, event_id))


@router.put("/meeting-programmes/{event_id}", response={200: ProgrammeOut, **errors(400, 404)}, auth=SIGNED_IN)
def configure_programme(request, event_id: PathId, payload: ProgrammeIn):
    event = queries.managed_event_or_404(request.auth, event_id)
    programme = domain.configure_programme(actor=request.auth, event=event, **payload.dict())
    return queries.programme_with_slots(programme)


@router.post("/meeting-programmes/{event_id}/slots", response={201: list[SlotOut], **errors(400, 404)}, auth=SIGNED_IN)
def add_slots(request, event_id: PathId, payload: SlotsIn):
    slots = domain.add_slots(actor=request.auth, programme=queries.managed_programme_or_404(request.auth, event_id), **payload.dict())
    return Status(201, slots)


@router.delete("/meeting-programmes/{event_id}/slots/{slot_id}", response={204: None, **errors(400, 404)}, auth=SIGNED_IN)
def remove_slot(request, event_id: PathId, slot_id: PathId):
    slot = get_object_or_404(Slot, pk=slot_id, programme=queries.managed_programme_or_404(request.auth, event_id))
    domain.remove_slot(actor=request.auth, slot=slot)
    return Status(204, None)


@router.patch("/meeting-programmes/{event_id}/slots/{slot_id}", response={200: SlotOut, **errors(400, 404)}, auth=SIGNED_IN)
def set_slot_tables(request, event_id: PathId, slot_id: PathId, payload: SlotTablesIn):
    programme = queries.managed_programme_or_404(request.auth, event_id)
    slot = get_object_or_404(Slot, pk=slot_id, programme=programme)
    domain.set_slot_tables(actor=request.auth, programme=programme, tables={slot.pk: payload.tables})
    slot.refresh_from_db()
    return slot


@router.post("/meeting-programmes/{event_id}/event-requests", response={200: TakenInOut, **errors(404)}, auth=SIGNED_IN)
def take_in_event_requests(request, event_id: PathId):
    """Take in the roadshow meeting requests (after pitch ratings) as 1:1 requests now; every
    scheduler run does it too."""
    result = domain.take_in_event_requests(queries.managed_programme_or_404(request.auth, event_id), actor=request.auth)
    return {"created": result.created, "linked": result.linked, "declined": result.declined, "waiting": len(result.waiting)}


@router.post("/meeting-programmes/{event_id}/join", response={200: ProfileOut, 201: ProfileOut, **errors(404)}, auth=SIGNED_IN)
def join_programme(request, event_id: PathId):
    """Take part in the event's 1:1 meetings (a confirmed registration): 201 with the new
    participant record, 200 when already joined; 404 for anyone else."""
    participant = queries.participant_for(request.auth, event_id)
    if participant is not None:
        return participant
    programme = queries.joinable_programme_or_404(request.auth, event_id)
    domain.join_programme(user=request.auth, programme=programme)
    return Status(201, queries.participant_for(request.auth, event_id))


@router.get("/meeting-programmes/{event_id}/participants", response={200: list[ParticipantOut], **errors(404)}, auth=SIGNED_IN)
def list_participants(request, event_id: PathId):
    return list(queries.active_participants(queries.seen_programme_or_404(request.auth, event_id)))


@router.get("/meeting-programmes/{event_id}/me", response={200: ProfileOut, **errors(404)}, auth=SIGNED_IN)
def get_my_profile(request, event_id: PathId):
    return queries.participant_or_404(request.auth, event_id)


@router.patch("/meeting-programmes/{event_id}/me", response={200: ProfileOut, **errors(400, 404)}, auth=SIGNED_IN)
def update_my_profile(request, event_id: PathId, payload: ProfileIn):
    participant = queries.participant_or_404(request.auth, event_id)
    data = payload.dict(exclude_unset=True)
    unavailable = None
    if data.get("unavailable") is not None:
        unavailable = list(Slot.objects.filter(programme=participant.programme, pk__in=data["unavailable"]))
        if len(unavailable) != len(set(data["unavailable"])):
            raise ValidationError({"unavailable": "Unknown slot ids."})
    domain.update_profile(actor=request.auth, participant=participant, offers=data.get("offers"), seeks=data.get("seeks"),
                          max_meetings=data.get("max_meetings"), clear_max="max_meetings" in data and data["max_meetings"] is None,
                          unavailable=unavailable)
    return queries.participant_for(request.auth, event_id)


@router.get("/meeting-programmes/{event_id}/suggestions", response={200: list[SuggestionOut], **errors(404)}, auth=SIGNED_IN)
def suggestions(request, event_id: PathId):
    return suggest_partners(queries.participant_or_404(request.auth, event_id), k=10)


@router.get("/meeting-programmes/{event_id}/requests", response={200: list[RequestOut], **errors(404)}, auth=SIGNED_IN)
def list_my_requests(request, event_id: PathId):
    mine = queries.requests_of(queries.participant_or_404(request.auth, event_id))
    return [{"target": target, "priority": priority} for target, priority in sorted(mine.items())]


@router.put("/meeting-programmes/{event_id}/requests/{participant_id}", response={200: RequestOut, **errors(400, 404)}, auth=SIGNED_IN)
def set_request(request, event_id: PathId, participant_id: PathId, payload: RequestIn):
    participant = queries.participant_or_404(request.auth, event_id)
    target = get_object_or_404(Participant.objects.select_related("registration"), pk=participant_id, programme=participant.programme)
    domain.set_meeting_request(actor=request.auth, requester=participant, target=target, priority=payload.priority)
    return {"target": target.pk, "priority": payload.priority}


@router.get("/meeting-programmes/{event_id}/requests-received", response={200: list[ReceivedRequestOut], **errors(404)}, auth=SIGNED_IN)
def list_requests_received(request, event_id: PathId):
    """Who asked to meet the caller, and the caller's answer (when the programme's requests need acceptance)."""
    participant = queries.participant_or_404(request.auth, event_id)
    theirs = queries.requests_received(participant)
    _answered, given = queries.answers_of(participant)
    return [{"requester": requester, "priority": priority, "response": given.get(requester, "")}
            for requester, priority in sorted(theirs.items()) if priority != "no"]


@router.put("/meeting-programmes/{event_id}/requests-received/{participant_id}", response={200: ReceivedRequestOut, **errors(400, 404)},
            auth=SIGNED_IN)
def respond_to_request(request, event_id: PathId, participant_id: PathId, payload: ResponseIn):
    """Accept or decline a participant's request to meet the caller; 400 when the programme's requests
    are wishes (nothing to answer) or that participant did not ask."""
    participant = queries.participant_or_404(request.auth, event_id)
    requester = get_object_or_404(Participant.objects.select_related("registration__user", "registration__organisation"),
                                  pk=participant_id, programme=participant.programme)
    answered = domain.respond_to_request(actor=request.auth, participant=participant, requester=requester, accept=payload.accept)
    return {"requester": requester.pk, "priority": answered.priority, "response": answered.response}


@router.get("/meeting-programmes/{event_id}/agenda", response={200: list[MeetingOut], **errors(404)}, auth=SIGNED_IN)
def my_agenda(request, event_id: PathId):
    """The caller's meetings, cancelled ones included (with their reason); after the caller's
    registration was cancelled, their former meetings, all cancelled."""
    participant, former = queries.participant_or_former_or_404(request.auth, event_id)
    meetings = list(queries.agenda_of(participant))
    if former:  # someone who left sees none of their partners' profiles (neither does their page or feed)
        for meeting in meetings:
            partner = meeting.partner_of(participant)
            partner.offers = partner.seeks = ""
    return meetings


@router.get("/meeting-programmes/{event_id}/meetings", response={200: list[MeetingOut], **errors(404)}, auth=SIGNED_IN)
def list_meetings(request, event_id: PathId):
    return list(queries.scheduled_meetings(queries.managed_programme_or_404(request.auth, event_id)))


@router.post("/meeting-programmes/{event_id}/fixed-meetings", response={201: MeetingOut, **errors(400, 404)}, auth=SIGNED_IN)
def fix_meeting(request, event_id: PathId, payload: FixIn):
    programme = queries.managed_programme_or_404(request.auth, event_id)
    people = queries.active_participants(programme)
    a = people.filter(pk=payload.a).first()
    b = people.filter(pk=payload.b).first()
    slot = Slot.objects.filter(programme=programme, pk=payload.slot).first()
    if a is None or b is None or slot is None:
        raise ValidationError("Unknown participant or slot.")
    meeting = domain.fix_meeting(actor=request.auth, programme=programme, a=a, b=b, slot=slot)
    return Status(201, queries.meeting_or_404(request.auth, meeting.pk))


@router.post("/meeting-programmes/{event_id}/runs", response={202: RunOut, **errors(400, 404)}, auth=SIGNED_IN)
def run_scheduler(request, event_id: PathId, payload: RunIn):
    run = domain.request_schedule_run(actor=request.auth, programme=queries.managed_programme_or_404(request.auth, event_id), full=payload.full)
    return Status(202, ScheduleRun.objects.select_related("requested_by").get(pk=run.pk))


@router.get("/meeting-programmes/{event_id}/runs", response={200: list[RunOut], **errors(404)}, auth=SIGNED_IN)
def list_runs(request, event_id: PathId):
    return list(queries.runs_of(queries.managed_programme_or_404(request.auth, event_id))[:100])


@router.get("/meeting-runs/{run_id}", response={200: RunOut, **errors(404)}, auth=SIGNED_IN)
def get_run(request, run_id: PathId):
    return queries.run_or_404(request.auth, run_id)


@router.post("/meetings/{meeting_id}/cancel", response={200: MeetingOut, **errors(400, 404)}, auth=SIGNED_IN)
def cancel_meeting(request, meeting_id: PathId):
    domain.cancel_meeting(actor=request.auth, meeting=queries.meeting_or_404(request.auth, meeting_id))
    return queries.meeting_or_404(request.auth, meeting_id)


@router.put("/meetings/{meeting_id}/outcome", response={200: MeetingOut, **errors(400, 404)}, auth=SIGNED_IN)
def record_outcome(request, meeting_id: PathId, payload: OutcomeIn):
    domain.record_outcome(actor=request.auth, meeting=queries.meeting_or_404(request.auth, meeting_id), outcome=payload.outcome, note=payload.note)
    return queries.meeting_or_404(request.auth, meeting_id)

