from typing import Literal

from django.db import transaction
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer

from innobelt.conversations.domain import NotFound, contact
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors
from innobelt.matching import domain, queries

router = Router(tags=["matching"])
_RENDERER = JSONRenderer()  # the API's (innobelt/api/urls.py sets no other)


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
    eligible: bool = Field(description="Whether one of your organisations may ask to use it (always true for a kind without "
                                       "eligibility rules, and for a caller without an organisation)")
    not_eligible_reason: str = Field(description="Why not, in the request's language; empty when eligible")


class MatchPage(Schema):
    abstained: bool = Field(description="True when nothing was close enough to the query to show; `results` is then empty")
    results: list[MatchOut]


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

    return [{"kind": str(r.kind), "id": str(r.record_id), "title": str(r.obj), "url": str(r.obj.get_absolute_url()),
             "score": float(r.score),
             "reasons": [{"code": str(c.code), "params": dict(c.params), "text": None if text is None else str(text)}
                         for c, text in zip(r.codes, r.texts or [explain(c) for c in r.codes], strict=True)],
             "eligible": bool(r.eligible), "not_eligible_reason": str(r.not_eligible_reason)} for r in results]


@router.get("/matches", response={200: MatchPage, **errors()}, **PUBLIC_OPERATION)
def find_matches(request, params: Query[MatchQuery]):
    """Matches for a need, best first: never the caller's own organisations' records or what they dismissed;
    records their organisations may not use are included with `eligible: false` and the reason."""
    results = queries.find_matches(user=request.auth, query=params.q, kinds=[params.kind] if params.kind else (),
                                   city=params.city, industry=params.industry, k=params.limit, ineligible="mark")
    # Built here as MatchPage's fields, in its order, of its types: rendered as Ninja renders a validated MatchPage
    # (the same bytes, tests/matching/test_request_costs.py) without validating again what was just built.
    content = _RENDERER.render(request, {"abstained": results.abstained, "results": _out(results)}, response_status=200)
    return HttpResponse(content, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")


@router.post("/matches/feedback", response={200: FeedbackOut, **errors(400, 404)}, auth=SIGNED_IN)
def match_feedback(request, payload: FeedbackIn):
    thread_id = None
    try:
        with transaction.atomic():  # a contact about what the caller may not see keeps no feedback either
            feedback = domain.record_feedback(user=request.auth, target=payload.target, action=payload.action,
                                              query=payload.query, rank=payload.rank)
            if payload.action == "contact":  # also start (or open) a conversation; 400 when the caller has no organisation
                thread_id = contact(actor=request.auth, about=payload.target)[0].pk
    except NotFound:
        raise Http404 from None
    return {"id": feedback.pk, "target": feedback.target, "action": feedback.action, "thread_id": thread_id}
