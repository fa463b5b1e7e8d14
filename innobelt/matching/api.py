from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from innobelt.conversations.domain import NotFound, contact
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors
from innobelt.matching import domain

router = Router(tags=["matching"])


class ReasonOut(Schema):
    code: str
    params: dict
    text: str | None


class MatchOut(Schema):
    kind: str
    id: str
    title: str
    url: str
    score: float
    reasons: list[ReasonOut]


class MatchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=500)
    kind: str = Field("", max_length=30)
    city: str = Field("", max_length=50)
    industry: str = Field("", max_length=40)
    limit: int = Field(10, ge=1, le=50)


class FeedbackIn(InputSchema):
    target: str = Field(..., min_length=3, max_length=80, pattern=r"^[a-z_]+:[\w-]+$")
    action: Literal["save", "dismiss", "contact"]
    query: str = Field("", max_length=500)
    rank: int | None = Field(None, ge=1, le=1000)


class FeedbackOut(Schema):
    id: int
    target: str
    action: str
    thread_id: int | None = Field(None, description="For `contact`: the conversation started (or already open) with the match's organisation.")


def _out(results) -> list[dict]:
    from innobelt.matching.explain import explain

    return [{"kind": r.kind, "id": r.record_id, "title": str(r.obj), "url": r.obj.get_absolute_url(), "score": r.score,
             "reasons": [{"code": c.code, "params": c.params, "text": explain(c)} for c in r.codes]} for r in results]


@router.get("/matches", response={200: list[MatchOut], **errors()}, **PUBLIC_OPERATION)
def find_matches(request, params: Query[MatchQuery]):
    results = domain.find_matches(user=request.auth, query=params.q, kinds=[params.kind] if params.kind else (),
                                  city=params.city, industry=params.industry, k=params.limit)
    return _out(results)


@router.post("/matches/feedback", response={200: FeedbackOut, **errors(400, 404)}, auth=SIGNED_IN)
def match_feedback(request, payload: FeedbackIn):
    feedback = domain.record_feedback(user=request.auth, target=payload.target, action=payload.action,
                                      query=payload.query, rank=payload.rank)
    thread_id = None
    if payload.action == "contact":  # also start (or open) a conversation; 400 when the caller has no organisation to write for
        try:
            thread_id = contact(actor=request.auth, about=payload.target)[0].pk
        except NotFound:
            raise Http404
    return {"id": feedback.pk, "target": feedback.target, "action": feedback.action, "thread_id": thread_id}
