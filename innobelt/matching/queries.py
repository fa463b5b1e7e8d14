"""Reading matches: one engine for every page, the API and the evaluation.

The engine ranks records by words and meaning (`engine/`); this layer adds the
Belt's structured signals (shared industries, the city's specialties, kind
compatibility), applies visibility as a hard filter (the `audience` facet),
loads the objects and explains each match in the reader's language.
State changes (feedback, re-indexing) are in `domain.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from tqdm import tqdm

from innobelt.belt.models import City
from innobelt.matching import index_store
from innobelt.matching.engine import Match, Reason, Record
from innobelt.matching.explain import explain
from innobelt.matching.models import MatchFeedback
from innobelt.matching.registry import SOURCES, parse_record_id, record_id
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import my_organisations

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from innobelt.accounts.models import User

    Reader = User | AnonymousUser | None

# Which kinds of organisation a need from one kind is usually met by (both ways).
COMPATIBLE_KINDS = {
    "sme": {"large_firm", "laboratory", "research_institute", "university", "service_provider"},
    "startup": {"large_firm", "investor", "incubator", "laboratory", "research_institute"},
    "large_firm": {"startup", "sme", "research_institute", "university", "laboratory"},
    "investor": {"startup", "sme"},
    "research_institute": {"large_firm", "sme", "startup"},
    "laboratory": {"large_firm", "sme", "startup"},
    "university": {"large_firm", "sme"},
    "incubator": {"startup"},
}
SIGNAL_BOOST = 0.03  # per structured signal: reorders near-ties, never buries a strong text match
CANDIDATES = 3  # fetch k × this from the engine before structured re-ranking


@dataclass
class MatchResult:
    kind: str
    record_id: str
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)
    codes: list[Reason] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)  # each code explained (None: not shown), when shown
    eligible: bool = True  # the reader's organisations may ask to use it (the source's eligibility rules)
    not_eligible_reason: str = ""

    @property
    def kind_label(self) -> str:
        source = SOURCES.get(self.kind)
        return source.label() if source else self.kind


def audiences_for(user: Reader, organisations: Iterable[Organisation] | None = None) -> list[str]:
    """The audience facet values whose records this person may see (`organisations`: their
    `my_organisations`, when already read)."""
    audiences = ["public"]
    if user is None or not user.is_authenticated:
        return audiences
    if user.is_platform_operator:
        return []  # no filter: operators see everything
    if organisations is None:
        organisations = my_organisations(user).prefetch_related(None)  # industries are not needed here
    for organisation in organisations:
        audiences.append(f"org:{organisation.pk}")
        if organisation.city is not None:
            audiences.append(f"city:{organisation.city.slug}")
        if organisation.is_verified:
            audiences.append("verified")
            if organisation.kind == Organisation.Kind.INVESTOR:
                audiences.append("verified-investor")  # financing's funding needs (ADR 1001)
    return sorted(set(audiences))


def may_see(user: Reader, record: Record) -> bool:
    """Whether `user` may see an engine record (its `audience` facet meets their audiences).

    The single visibility rule: `find_matches` applies the same audiences as a hard filter
    inside the engine; pages that show one record's matches check that record with this.
    """
    audiences = audiences_for(user)
    if not audiences:  # a platform operator sees everything
        return True
    return bool(set(audiences) & set(record.facets.get("audience", [])))


def find_visible_object(*, user: Reader, kind: str, pk: str) -> Any:
    """The registered object `kind`/`pk` if it is matchable now and `user` may see it, else None."""
    source = SOURCES.get(kind)
    if source is None:
        return None
    obj = source.queryset().filter(pk=pk).first()
    if obj is None:
        return None
    record = source.to_record(obj)
    if record is None or not may_see(user, record):
        return None
    return obj


def _latest_actions(user: Reader) -> dict[str, str]:
    """target → the person's latest action on it (a later action replaces an earlier one)."""
    if user is None or not user.is_authenticated:
        return {}
    latest: dict[str, str] = {}
    for target, action in MatchFeedback.objects.filter(user=user).order_by("created_at", "pk").values_list("target", "action"):
        latest[target] = action
    return latest


def dismissed_targets(user: Reader) -> set[str]:
    """Record ids this person marked "not relevant" (and did not save or contact since): never shown to them again."""
    return {t for t, action in _latest_actions(user).items() if action == MatchFeedback.Action.DISMISS}


def _specialties(cities: Iterable[str] | None = None) -> dict[str, set[str]]:
    """city slug → its specialties' industry codes, for `cities` (every city when None): one query over the
    link table (not every city with its industries as objects, at each match query)."""
    links = City.specialties.through.objects.all()
    if cities is not None:
        links = links.filter(city__slug__in=sorted(set(cities)))
    found: dict[str, set[str]] = defaultdict(set)
    for slug, code in links.values_list("city__slug", "industry__code"):
        found[slug].add(code)
    return dict(found)


def _structured(match: Match, *, want_industries: set[str], asker_kind: str | None,
                specialties: dict[str, set[str]]) -> list[Reason]:
    reasons = []
    industries = set(match.facets.get("industry", []))
    shared = sorted(industries & want_industries)
    if shared:
        reasons.append(Reason("shared_industries", {"industries": shared}))
    for city in match.facets.get("city", []):
        special = sorted(industries & specialties.get(city, set()))
        if special:
            reasons.append(Reason("city_specialty", {"city": city, "specialty": special[0]}))
    owner_kinds = match.facets.get("owner_kind") or match.facets.get("org_kind") or []
    owner_kind = owner_kinds[0] if owner_kinds else None
    if asker_kind and owner_kind and owner_kind in COMPATIBLE_KINDS.get(asker_kind, set()):
        reasons.append(Reason("kind_compatible", {"query_kind": asker_kind, "record_kind": owner_kind}))
    return reasons


class Matches(list[MatchResult]):
    """Matches best first; `abstained` when the engine found nothing close enough to show."""

    def __init__(self, results: Iterable[MatchResult] = (), *, abstained: bool = False, reason: str = "") -> None:
        super().__init__(results)
        self.abstained = abstained
        self.reason = reason


def find_matches(*, user: Reader, query: str, kinds: Iterable[str] = (), city: str = "", industry: str = "",
                 k: int = 10, exclude: Iterable[str] = (), want_industries: Iterable[str] = (),
                 ineligible: Literal["hide", "mark"] = "hide", acting: Sequence[Organisation] | None = None) -> Matches:
    """Top matches for a free-text need, visible to `user`, explained in the active language.

    Never the reader's own records (any organisation they belong to, and what those own), nor
    what they dismissed. A record the reader's organisations (or `acting`, when given) may not
    use is left out (`ineligible="hide"`: panels, recommendations) or kept with
    `eligible=False` and the reason (`"mark"`: find partners, the API).
    """
    query = (query or "").strip()
    if not query:
        return Matches()
    filters: dict[str, list[str]] = {}
    # the reader acts for the first (their admin one first); their industries are read below, for that one only
    organisations = list(my_organisations(user).prefetch_related(None))
    audiences = audiences_for(user, organisations)  # read once for both
    if audiences:
        filters["audience"] = audiences
    if kinds:
        filters["kind"] = list(kinds)
    if city:
        filters["city"] = [city]
    if industry:
        filters["industry"] = [industry]
    asker = organisations[0] if organisations else None
    own = {str(o.pk) for o in organisations}
    if own:  # left out before ranking, so a firm owning many records still gets k records of others
        filters["-owner"] = sorted(own)
    skip = set(exclude) | {record_id("organisation", pk) for pk in own} | dismissed_targets(user)
    index = index_store.get_index()
    # The engine's reasons are worked out below for the k results kept, not for the k × CANDIDATES candidates:
    # the structured re-rank reads the candidates' scores and facets, never their reasons.
    raw = index.search(query, k=k * CANDIDATES, filters=filters, exclude_ids=skip, explain="later")
    abstained = bool(getattr(raw, "abstained", False))  # the engine found nothing close enough
    wanted = set(want_industries) or (set(asker.industries.order_by().values_list("code", flat=True)) if asker else set())
    specialties = _specialties(city for match in raw for city in match.facets.get("city", []))
    scored = []
    for match in raw:
        if own & set(match.facets.get("owner", [])):  # never expected (filtered above); kept as a guard
            continue
        extra = _structured(match, want_industries=wanted, asker_kind=asker.kind if asker else None, specialties=specialties)
        scored.append((match.score + SIGNAL_BOOST * len(extra), match, extra))
    scored.sort(key=lambda t: -t[0])
    # Loaded k at a time, best first, until k are kept: the same k as loading every candidate (each is
    # loaded and judged on its own), without reading the rows of the candidates that would be cut.
    results: list[MatchResult] = []
    for start in range(0, len(scored), max(k, 1)):
        loaded = _load(scored[start:start + max(k, 1)], acting=organisations if acting is None else acting)
        results += [r for r in loaded if r.eligible] if ineligible == "hide" else loaded
        if len(results) >= k:
            break
    results = results[:k]
    candidates = {match.id: match for match in raw}
    for result in results:  # explained only when shown (a reason may read a city's or an industry's name)
        result.codes = raw.reasons_for(candidates[result.record_id]) + result.codes  # the engine's, then ours
        result.texts = [explain(r) for r in result.codes]
        result.reasons = [t for t in result.texts if t]
    return Matches(results, abstained=abstained and not results,
                   reason=str(getattr(raw, "reason", "") or "") if abstained else "")


def _load(scored: list[tuple[float, Match, list[Reason]]], *, acting: Sequence[Organisation]) -> list[MatchResult]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for _score, match, _reasons in scored:
        kind, pk = parse_record_id(match.id)
        by_kind[kind].append(pk)
    objects = {}
    for kind, pks in by_kind.items():
        source = SOURCES.get(kind)
        if source is not None:
            for obj in source.shown_queryset().filter(pk__in=pks).order_by():  # no ORDER BY: placed by id below
                objects[record_id(kind, obj.pk)] = obj
    results = []
    for score, match, reasons in scored:
        obj = objects.get(match.id)
        if obj is None:  # deleted since it was indexed
            continue
        kind = parse_record_id(match.id)[0]
        source = SOURCES[kind]
        why_not = source.eligibility(obj, acting) if source.eligibility and acting else None
        results.append(MatchResult(kind=kind, record_id=match.id, obj=obj, score=round(score, 4), codes=reasons,
                                   eligible=why_not is None, not_eligible_reason=why_not or ""))
    return results


def query_text_for_record(record: Record) -> str:
    """The query a record's "matches for this" asks: its title and text (also replayed in evaluation)."""
    return " ".join(x for x in (record.title or "", record.text) if x)[:2000]


def matches_for_object(*, user: Reader, kind: str, obj: Any, k: int = 10) -> Matches:
    """Matches for a record's own text (a resource, a need, an organisation's profile)."""
    source = SOURCES[kind]
    record = source.to_record(obj)
    if record is None:
        return Matches()
    return find_matches(user=user, query=query_text_for_record(record), k=k, exclude={record.id},
                        want_industries=record.facets.get("industry", []))


def recommend_for_organisation(*, user: Reader, organisation: Organisation, k: int = 10) -> Matches:
    """"Recommended for you": matches for the organisation's profile that it may use."""
    kinds = [kind for kind in SOURCES if kind != "organisation"] or ["organisation"]
    source = SOURCES["organisation"]
    record = source.to_record(organisation)
    if record is None:
        return Matches()
    return find_matches(user=user, query=query_text_for_record(record), kinds=kinds, k=k, exclude={record.id},
                        want_industries=record.facets.get("industry", []), acting=[organisation])


def iter_matchable_records(*, progress: bool = False) -> Iterator[Record]:
    """Every record the index holds, as the registered sources make them (progress bar on stderr)."""
    for source in SOURCES.values():
        rows = source.queryset()
        for obj in tqdm(rows.iterator(chunk_size=2000), total=rows.count(), desc=f"reading {source.kind}",
                        disable=not progress, unit="rec"):
            record = source.to_record(obj)
            if record is not None:
                yield record


def _valid_pks(model: Any, pks: Iterable[str]) -> list[Any]:
    """The values that can be primary keys of `model` (a stored target may be anything a form posted)."""
    valid = []
    for pk in pks:
        try:
            valid.append(model._meta.pk.to_python(pk))
        except ValidationError:
            continue
    return valid


@dataclass
class SavedMatch:
    kind: str
    record_id: str
    obj: Any
    saved_at: Any
    query: str

    @property
    def kind_label(self) -> str:
        source = SOURCES.get(self.kind)
        return source.label() if source else self.kind


def saved_matches(user: Reader) -> list[SavedMatch]:
    """What this person saved and has not dismissed since, newest first; only records that are still
    matchable and that they may still see."""
    if user is None or not user.is_authenticated:
        return []
    latest: dict[str, MatchFeedback] = {}
    for feedback in MatchFeedback.objects.filter(user=user).order_by("created_at", "pk"):
        if feedback.action == MatchFeedback.Action.CONTACT and feedback.target in latest:
            continue  # contacting a saved match keeps it saved
        latest[feedback.target] = feedback
    saved = sorted((f for f in latest.values() if f.action == MatchFeedback.Action.SAVE), key=lambda f: f.created_at, reverse=True)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for feedback in saved:
        kind, pk = parse_record_id(feedback.target)
        by_kind[kind].append(pk)
    objects = {}
    for kind, pks in by_kind.items():
        source = SOURCES.get(kind)
        if source is None:
            continue
        for obj in source.queryset().filter(pk__in=_valid_pks(source.model, pks)):
            record = source.to_record(obj)
            if record is not None and may_see(user, record):
                objects[record_id(kind, obj.pk)] = obj
    return [SavedMatch(kind=parse_record_id(f.target)[0], record_id=f.target, obj=objects[f.target], saved_at=f.created_at,
                       query=f.query) for f in saved if f.target in objects]
