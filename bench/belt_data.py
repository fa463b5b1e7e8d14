"""The Belt at the Belt's scale, fast: the records bench/bench_insights.py times the dashboards over.

At scale 1.0: 100,000 organisations, 30,000 resources, 100,000 access requests, 1,000,000 equipment
bookings, 1,000 challenges with 100,000 proposals, 2,000 events, 300 service providers with 1,200 services
and 200,000 service requests (issue 27). The numbers are spread as on the Belt rather than evenly: more
firms in the trillion-yuan cities and in Pudong and Putuo, SMEs and startups asking for the instruments of
large firms, laboratories and universities (in their own city mostly, in another one often enough to make
cross-city flows), bookings over the last year and the next month in working hours, service requests
needed where the firm is or in another city (cross-provincial when Shanghai meets Jiangsu), older ones
mostly resolved (most by their resolution day) and recent ones still open.

Rows are made as tuples in Python from a seeded random generator (the same data every run) and written
with COPY on PostgreSQL (`executemany` on SQLite); columns not given get the model field's default, so a
new field with a default needs nothing here. A progress line goes to stderr every few seconds.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
BATCH = 10_000
BASE = {
    "organisations": 100_000,
    "resources": 30_000,
    "access_requests": 100_000,
    "bookings": 1_000_000,
    "challenges": 1_000,
    "proposals": 100_000,
    "events": 2_000,
    "service_providers": 300,
    "services": 1_200,
    "service_requests": 200_000,
    "pipelines": 10_000,
}
#: what follows, generated with the pipelines (bench/belt_data.make_pipelines): sample jobs, pledges with their
#: history, industries of the organisations, follow-up actions of the agreements
MORE = {"sample_jobs": 20_000, "pledged_resources": 6_000, "follow_up_actions": 600}
KINDS = [  # organisation kind, share
    ("sme", 50), ("startup", 20), ("large_firm", 8), ("research_institute", 4), ("university", 3),
    ("laboratory", 5), ("incubator", 3), ("investor", 2), ("service_provider", 4), ("government_agency", 1),
]
OWNS_EQUIPMENT = {"large_firm", "research_institute", "university", "laboratory"}
SEEKS = {"sme", "startup"}
GDP_WEIGHT = {"trillion_plus": 6, "below_trillion": 3, "district": 3}
CITY_BONUS = {"pudong": 3, "putuo": 2}  # the GOI programme and the Center
SERVICE_CATEGORIES = [  # category, share of requests, resolution target in working days
    ("government", 22, 10), ("talent", 14, 15), ("finance", 14, 20), ("abroad", 6, 20),
    ("legal_ip", 14, 15), ("incubation", 8, 10), ("market_entry", 10, 15), ("testing", 12, 10),
]


def counts(scale: float) -> dict[str, int]:
    return {k: max(1, int(v * scale)) for k, v in BASE.items()}


class Progress:
    """A line on stderr every few seconds: which table, how far, how long."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self.started = self.last = time.perf_counter()

    def add(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last >= 5 or self.done >= self.total:
            self.last = now
            pct = 100 * self.done / max(self.total, 1)
            print(f"  {self.label}: {self.done:,} of {self.total:,} ({pct:.0f} %, {now - self.started:.0f} s)", file=sys.stderr, flush=True)


class TableWriter:
    """Writes rows (tuples of the given columns) into a model's table; every other column gets its field's
    default (`auto_now` fields: now). COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection, now: datetime):
        self.connection = connection
        self.now = now

    def write(self, model, columns: list[str], rows: Iterable[tuple], total: int, label: str) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        rest = [name for name in fields if name not in columns]
        tail = tuple(self._default(fields[name]) for name in rest)
        names = [fields[name].column for name in [*columns, *rest]]
        table = self.connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(self.connection.ops.quote_name(n) for n in names)
        progress = Progress(label, total)
        written = 0
        it = iter(rows)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for batch in _batches(it):
                        for row in batch:
                            copy.write_row(row + tail)
                        written += len(batch)
                        progress.add(len(batch))
            else:
                prep = [fields[name] for name in [*columns, *rest]]
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"
                for batch in _batches(it):
                    prepared = [[f.get_db_prep_save(v, self.connection) for f, v in zip(prep, row + tail, strict=True)] for row in batch]
                    cursor.executemany(sql, prepared)
                    written += len(batch)
                    progress.add(len(batch))
        return written

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        value = field.get_default()
        if self.connection.vendor == "postgresql" and field.get_internal_type() == "JSONField":
            return json.dumps(value)
        return value


def _batches(it: Iterator) -> Iterator[list]:
    while batch := list(islice(it, BATCH)):
        yield batch


def _models() -> dict:
    from innobelt.challenges.models import Challenge, Pipeline, Proposal
    from innobelt.events.models import Event
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import AccessRequest, Booking, Resource
    from innobelt.services.models import Provider, Service, ServiceRequest

    return {
        "organisations": Organisation, "resources": Resource, "access_requests": AccessRequest, "bookings": Booking,
        "challenges": Challenge, "proposals": Proposal, "events": Event, "service_providers": Provider,
        "services": Service, "service_requests": ServiceRequest, "pipelines": Pipeline,
    }


def existing_counts() -> dict[str, int]:
    """The numbers of a Belt already in the database (a kept one), in the order of BASE."""
    models = _models()
    return {key: models[key].objects.count() for key in BASE}


def make_belt(scale: float) -> dict[str, int]:
    """Generate the Belt at `scale` into the default database (migrated, the belt's seed loaded here)."""
    from django.db import connection
    from django.utils import timezone

    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.belt.seeding import load_belt
    from innobelt.challenges.models import Challenge, Proposal
    from innobelt.events.models import Event
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import AccessRequest, Booking, Resource

    n = counts(scale)
    rng = random.Random(27)
    load_belt()
    if connection.vendor == "postgresql":
        # the rows are made consistent here: foreign keys are not checked row by row while they are written
        # (a superuser's setting; without it the load is only slower)
        with connection.cursor() as cursor:
            try:
                cursor.execute("SET session_replication_role = replica")
            except Exception:  # not a superuser: checked row by row
                pass
    now = timezone.now().replace(microsecond=0)
    w = TableWriter(connection, now)
    cities = list(City.objects.order_by("position"))
    city_ids = [c.pk for c in cities]
    weights = [GDP_WEIGHT.get(c.gdp_band, 3) + CITY_BONUS.get(c.slug, 0) for c in cities]
    person = User.objects.create_user(email="bench-booker@example.com", password="x")

    # Organisations: kinds and cities as on the Belt; created over the last two years
    kinds = rng.choices([k for k, _ in KINDS], weights=[s for _, s in KINDS], k=n["organisations"])
    org_cities = rng.choices(city_ids, weights=weights, k=n["organisations"])
    w.write(
        Organisation,
        ["slug", "kind", "name_zh", "name_en", "city_id", "size_band", "verification", "is_goi_member", "is_synthetic", "created_at"],
        (
            (
                f"b-{i}", kinds[i], f"基准机构{i}", f"Bench {i}", org_cities[i],
                "large" if kinds[i] == "large_firm" else ("micro" if kinds[i] == "startup" else "small"),
                "verified" if i % 3 else "unverified", kinds[i] == "large_firm" and i % 4 == 0, True,
                now - timedelta(days=rng.randrange(730), seconds=rng.randrange(86400)),
            )
            for i in range(n["organisations"])
        ),
        n["organisations"],
        "organisations",
    )
    orgs = list(Organisation.objects.order_by("pk").values_list("pk", "kind", "city_id"))
    org_city = {pk: city for pk, _, city in orgs}
    owners = [pk for pk, kind, _ in orgs if kind in OWNS_EQUIPMENT] or [orgs[0][0]]
    seekers = [pk for pk, kind, _ in orgs if kind in SEEKS] or [orgs[0][0]]
    seekers_in: dict[int, list[int]] = {}
    for pk, kind, city in orgs:
        if kind in SEEKS:
            seekers_in.setdefault(city, []).append(pk)

    # Resources: instruments of large firms, laboratories, universities and institutes, in their city
    resource_owners = [rng.choice(owners) for _ in range(n["resources"])]
    w.write(
        Resource,
        ["owner_id", "kind", "title_zh", "title_en", "city_id", "status", "published_at", "slot_minutes", "created_at"],
        (
            (
                owner, "equipment", f"设备{i}", f"Instrument {i}", org_city[owner],
                "draft" if i % 20 == 0 else "published", None if i % 20 == 0 else now - timedelta(days=rng.randrange(600)), 60,
                now - timedelta(days=600),
            )
            for i, owner in enumerate(resource_owners)
        ),
        n["resources"],
        "resources",
    )
    resources = list(Resource.objects.filter(status="published").order_by("pk").values_list("pk", "city_id"))
    popularity = [rng.paretovariate(1.5) for _ in resources]  # a few instruments are booked much more than most

    # Access requests: an SME or startup asks for an instrument, of its own city two times in three
    statuses = rng.choices(
        ["active", "approved", "pending", "more_info", "declined", "withdrawn"], weights=[45, 10, 12, 5, 20, 8], k=n["access_requests"]
    )
    reasons = ["fully_booked", "out_of_scope", "safety", "conflict_of_interest", "incomplete", "other"]
    pairs: set[tuple[int, int]] = set()

    def requests() -> Iterator[tuple]:
        picks = rng.choices(range(len(resources)), weights=popularity, k=n["access_requests"] * 2)
        made = 0
        for pick in picks:
            if made == n["access_requests"]:
                return
            resource, city = resources[pick]
            local = seekers_in.get(city)
            org = rng.choice(local) if local and rng.random() < 0.67 else rng.choice(seekers)
            if (resource, org) in pairs:
                continue
            pairs.add((resource, org))
            status = statuses[made]
            created = now - timedelta(days=rng.randrange(400), seconds=rng.randrange(86400))
            decided = status in ("active", "approved", "declined")
            yield (
                resource, org, person.pk, "bench", status, rng.choice(reasons) if status == "declined" else "",
                created + timedelta(days=rng.randrange(1, 6)) if decided else None, created,
            )
            made += 1

    n["access_requests"] = w.write(
        AccessRequest,
        ["resource_id", "organisation_id", "requested_by_id", "purpose", "status", "decline_reason", "decided_at", "created_at"],
        requests(),
        n["access_requests"],
        "access requests",
    )

    # Bookings ride on granted requests: one to three hours in working hours (China time), from a year ago to
    # a month ahead, never two at once on an instrument
    granted = list(AccessRequest.objects.filter(status__in=["active", "approved"]).order_by("pk").values_list("pk", "resource_id", "organisation_id"))
    weight_of = {pk: p for (pk, _), p in zip(resources, popularity, strict=True)}
    granted_weights = [weight_of.get(resource, 1.0) for _, resource, _ in granted]
    first_day = (now.astimezone(CHINA) - timedelta(days=365)).date()
    days = 396
    taken: dict[int, set[int]] = {}
    booking_status = ["confirmed"] * 85 + ["cancelled"] * 8 + ["no_show"] * 4 + ["declined"] * 1

    def bookings() -> Iterator[tuple]:
        made = 0
        while made < n["bookings"]:
            for request, resource, org in rng.choices(granted, weights=granted_weights, k=BATCH):
                if made == n["bookings"]:
                    return
                hours = taken.setdefault(resource, set())
                length = rng.choice((1, 1, 2, 3))
                for _attempt in range(8):
                    day, hour = rng.randrange(days), rng.randrange(8, 20 - length + 1)
                    slot = day * 24 + hour
                    if not any(slot + k in hours for k in range(length)):
                        break
                else:
                    continue
                hours.update(slot + k for k in range(length))
                d = first_day + timedelta(days=day)
                start = datetime(d.year, d.month, d.day, hour, tzinfo=CHINA)
                status = "pending" if start > now and rng.random() < 0.1 else (booking_status[rng.randrange(98)] if start < now else "confirmed")
                created = start - timedelta(days=rng.randrange(1, 30))
                yield (resource, request, org, person.pk, start, start + timedelta(hours=length), status, created)
                made += 1

    w.write(
        Booking,
        ["resource_id", "access_request_id", "organisation_id", "booked_by_id", "start", "end", "status", "created_at"],
        bookings(),
        n["bookings"],
        "bookings",
    )
    taken.clear()

    # Challenges of large firms (GOI) with proposals from everyone else, one per organisation and challenge
    challenge_statuses = rng.choices(["published", "closed", "awarded", "draft"], weights=[50, 30, 15, 5], k=n["challenges"])
    w.write(
        Challenge,
        ["owner_id", "title_zh", "title_en", "statement", "proposal_deadline", "status", "published_at", "created_at"],
        (
            (
                rng.choice(owners), f"挑战{i}", f"Challenge {i}", "bench", now + timedelta(days=rng.randrange(-200, 90)), status,
                None if status == "draft" else now - timedelta(days=rng.randrange(300)), now - timedelta(days=rng.randrange(300, 400)),
            )
            for i, status in enumerate(challenge_statuses)
        ),
        n["challenges"],
        "challenges",
    )
    challenges = list(Challenge.objects.exclude(status="draft").order_by("pk").values_list("pk", flat=True)) or [Challenge.objects.first().pk]
    proposal_pairs: set[tuple[int, int]] = set()

    def proposals() -> Iterator[tuple]:
        made = 0
        while made < n["proposals"]:
            challenge, org = rng.choice(challenges), rng.choice(seekers) if rng.random() < 0.8 else orgs[rng.randrange(len(orgs))][0]
            if (challenge, org) in proposal_pairs:
                continue
            proposal_pairs.add((challenge, org))
            status = rng.choices(["submitted", "draft", "withdrawn"], weights=[80, 12, 8])[0]
            created = now - timedelta(days=rng.randrange(365), seconds=rng.randrange(86400))
            yield (challenge, org, "bench", 1 + rng.randrange(9), status, created, None if status == "draft" else created + timedelta(days=2))
            made += 1

    w.write(
        Proposal,
        ["challenge_id", "organisation_id", "text", "trl", "status", "created_at", "submitted_at"],
        proposals(),
        n["proposals"],
        "proposals",
    )

    # Events: forums, roadshows, summits and innovation days across the cities, over the last year and a bit
    event_kinds = ["forum", "roadshow", "summit", "innovation_day"]

    def events() -> Iterator[tuple]:
        for i in range(n["events"]):
            starts = now - timedelta(days=rng.randrange(-60, 400), hours=rng.randrange(24))
            city = rng.choices(city_ids, weights=weights)[0]
            draft = i % 25 == 0
            yield (
                event_kinds[i % 4], "draft" if draft else "published", f"活动{i}", f"Forum {i}", rng.choice(owners), city,
                starts, starts + timedelta(hours=4), None if draft else now,
            )

    w.write(
        Event,
        ["kind", "status", "title_zh", "title_en", "organiser_id", "city_id", "starts_at", "ends_at", "published_at"],
        events(),
        n["events"],
        "events",
    )

    make_service_zone(n, rng, w, person.pk)
    make_pipelines(n, scale, random.Random(29), w, person.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    return n


def add_service_zone(scale: float) -> dict[str, int]:
    """The service zone added to a Belt generated without it (a kept database); returns every number."""
    from django.db import connection
    from django.utils import timezone

    from innobelt.accounts.models import User
    from innobelt.services.models import Provider

    Provider.objects.all().delete()  # what an interrupted run left (their services go with them), made again
    person = User.objects.filter(email="bench-booker@example.com").first() or User.objects.create_user(email="bench-booker@example.com", password="x")
    make_service_zone(counts(scale), random.Random(24), TableWriter(connection, timezone.now().replace(microsecond=0)), person.pk)
    return existing_counts()


def add_pipelines(scale: float) -> dict[str, int]:
    """The pipelines and what follows (make_pipelines) added to a Belt generated without them (a kept database)."""
    from django.db import connection
    from django.utils import timezone

    from innobelt.accounts.models import User

    person = User.objects.filter(email="bench-booker@example.com").first() or User.objects.create_user(email="bench-booker@example.com", password="x")
    make_pipelines(counts(scale), scale, random.Random(29), TableWriter(connection, timezone.now().replace(microsecond=0)), person.pk)
    return existing_counts()


def make_pipelines(n: dict[str, int], scale: float, rng: random.Random, w: TableWriter, person_pk: int) -> None:
    """The pipelines of submitted proposals (through shortlisted, meeting, NDA, pilot to a contract or an
    investment, or declined on the way with a reason) with their steps; sample jobs on granted access requests;
    sharing pledges of some instruments with their history (changed or ended since); one or two industries of
    each organisation; follow-up actions of the agreements, due over the last and the next months."""
    from innobelt.belt.models import CooperationAgreement, FollowUpAction, Industry
    from innobelt.challenges.models import Pipeline, PipelineStep, Proposal
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import AccessRequest, PledgeTerm, Resource, SampleJob, SharingPledge

    now = w.now
    more = {k: max(1, int(v * scale)) for k, v in MORE.items()}
    order = ["shortlisted", "meeting", "nda", "pilot"]
    stages = ["shortlisted", "meeting", "nda", "pilot", "contract", "investment", "declined"]
    reasons = ["not_a_fit", "too_early", "budget", "timing", "competing_solution", "ip_terms", "other"]
    submitted = list(Proposal.objects.filter(status="submitted").order_by("pk").values_list("pk", "submitted_at"))
    chosen = rng.sample(submitted, k=min(n["pipelines"], len(submitted)))
    plan: dict[int, tuple[str, list[str], datetime]] = {}  # proposal: (stage, the stages its steps went through, start)
    for proposal, submitted_at in chosen:
        stage = rng.choices(stages, weights=[30, 15, 10, 10, 8, 2, 25])[0]
        reached = order[: rng.randrange(1, 5)] if stage == "declined" else order[: order.index(stage) + 1] if stage in order else order
        plan[proposal] = (stage, reached + ([stage] if stage not in order else []), (submitted_at or now) + timedelta(days=rng.randrange(1, 20)))
    n["pipelines"] = w.write(
        Pipeline,
        ["proposal_id", "stage", "decline_reason", "created_at", "moved_at"],
        (
            (proposal, stage, rng.choice(reasons) if stage == "declined" else "", start, min(start + timedelta(days=12 * len(steps)), now))
            for proposal, (stage, steps, start) in plan.items()
        ),
        len(plan),
        "pipelines",
    )
    made = list(Pipeline.objects.order_by("pk").values_list("pk", "proposal_id"))
    w.write(
        PipelineStep,
        ["pipeline_id", "stage", "by_id", "at"],
        (
            (pk, step, person_pk, min(plan[proposal][2] + timedelta(days=12 * i), now))
            for pk, proposal in made
            for i, step in enumerate(plan[proposal][1])
        ),
        sum(len(plan[proposal][1]) for _pk, proposal in made),
        "pipeline steps",
    )

    granted = list(AccessRequest.objects.filter(status__in=["active", "approved"]).order_by("pk").values_list("pk", "resource_id", "organisation_id"))
    statuses = ["submitted", "quoted", "accepted", "received", "completed", "completed", "completed", "cancelled"]

    def jobs() -> Iterator[tuple]:
        for request, resource, org in rng.choices(granted, k=more["sample_jobs"]):
            status = rng.choice(statuses)
            created = now - timedelta(days=rng.randrange(365), seconds=rng.randrange(86400))
            done = min(created + timedelta(days=rng.randrange(3, 20)), now) if status == "completed" else None
            yield (resource, request, org, person_pk, 1 + rng.randrange(12), "bench", "XRD", status, created, done)

    w.write(
        SampleJob,
        ["resource_id", "access_request_id", "organisation_id", "requested_by_id", "samples", "description", "method", "status",
         "created_at", "completed_at"],
        jobs(),
        more["sample_jobs"],
        "sample jobs",
    )

    published = list(Resource.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    terms: list[tuple] = []
    today: list[tuple] = []
    for resource in rng.sample(published, k=min(more["pledged_resources"], len(published))):
        first = now - timedelta(days=rng.randrange(30, 500), seconds=rng.randrange(86400))
        hours = rng.choice((10, 20, 40, 80))
        terms.append((resource, hours, first))
        fate = rng.random()
        if fate < 0.3:  # changed since
            hours = rng.choice((10, 20, 40, 80, 120))
            terms.append((resource, hours, first + timedelta(days=rng.randrange(1, 29))))
        elif fate < 0.4:  # ended since
            terms.append((resource, 0, first + timedelta(days=rng.randrange(1, 29))))
            continue
        today.append((resource, hours, terms[-1][2]))
    w.write(PledgeTerm, ["resource_id", "hours_per_quarter", "valid_from"], iter(terms), len(terms), "pledge terms")
    w.write(SharingPledge, ["resource_id", "hours_per_quarter", "updated_at"], iter(today), len(today), "sharing pledges")

    industries = list(Industry.objects.values_list("pk", flat=True))
    if industries:
        orgs = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        links = [(org, industry) for org in orgs for industry in rng.sample(industries, k=min(len(industries), rng.choice((1, 1, 2))))]
        w.write(Organisation.industries.through, ["organisation_id", "industry_id"], iter(links), len(links), "industries of organisations")
    agreements = list(CooperationAgreement.objects.prefetch_related("cities"))
    if agreements:
        def actions() -> Iterator[tuple]:
            for i in range(more["follow_up_actions"]):
                agreement = agreements[i % len(agreements)]
                cities = [c.pk for c in agreement.cities.all()] or [None]
                due = (now - timedelta(days=rng.randrange(-90, 270))).astimezone(CHINA).date()
                status = rng.choices(["open", "done", "dropped"], weights=[50, 40, 10])[0]
                yield (agreement.pk, f"行动{i}", f"Action {i}", rng.choice(cities), due, status)

        w.write(FollowUpAction, ["agreement_id", "description_zh", "description_en", "owner_city_id", "due_on", "status"], actions(),
                more["follow_up_actions"], "follow-up actions")


def make_service_zone(n: dict[str, int], rng: random.Random, w: TableWriter, person_pk: int) -> None:
    """Service providers, their services and the service requests of the Belt's firms (also into a kept
    database generated before the service zone existed: everything it needs is read back)."""
    from django.db import connection

    from innobelt.belt.models import City
    from innobelt.organisations.models import Organisation
    from innobelt.services.models import Provider, Service, ServiceRequest

    now = w.now
    cities = list(City.objects.order_by("position"))
    city_ids = [c.pk for c in cities]
    weights = [GDP_WEIGHT.get(c.gdp_band, 3) + CITY_BONUS.get(c.slug, 0) for c in cities]
    in_shanghai = {c.pk: c.kind == City.Kind.SHANGHAI_DISTRICT for c in cities}
    orgs = list(Organisation.objects.order_by("pk").values_list("pk", "kind", "city_id"))
    org_city = {pk: city for pk, _, city in orgs}
    seekers = [pk for pk, kind, _ in orgs if kind in SEEKS] or [orgs[0][0]]

    # Service providers (agencies, service centres, incubators) with services for some of the cities
    provider_orgs = [pk for pk, kind, _ in orgs if kind in ("service_provider", "incubator")][: n["service_providers"]] or [orgs[0][0]]
    n["service_providers"] = w.write(Provider, ["organisation_id"], ((pk,) for pk in provider_orgs), len(provider_orgs), "service providers")
    providers = list(Provider.objects.order_by("pk").values_list("pk", flat=True))
    categories = [c for c, _, _ in SERVICE_CATEGORIES]
    target_days = {c: d for c, _, d in SERVICE_CATEGORIES}
    w.write(
        Service,
        ["provider_id", "category", "title_zh", "title_en", "languages", "fee", "response_days", "resolution_days"],
        (
            (
                providers[i % len(providers)], categories[i % len(categories)], f"服务{i}", f"Service {i}",
                json.dumps(["zh", "en"] if i % 3 == 0 else ["zh"]) if connection.vendor == "postgresql" else (["zh", "en"] if i % 3 == 0 else ["zh"]),
                Decimal(rng.choice((0, 0, 500, 2000, 8000))), 1 + i % 2, target_days[categories[i % len(categories)]],
            )
            for i in range(n["services"])
        ),
        n["services"],
        "services",
    )
    services = list(Service.objects.order_by("pk").values_list("pk", "provider_id", "category", "resolution_days"))
    services_of: dict[str, list[tuple[int, int, int]]] = {}
    for pk, provider, category, resolution_days in services:
        services_of.setdefault(category, []).append((pk, provider, resolution_days))
    Service.cities.through.objects.bulk_create(
        [Service.cities.through(service_id=pk, city_id=city) for pk, *_ in services for city in rng.sample(city_ids, k=min(4, len(city_ids)))],
        batch_size=BATCH,
    )

    def service_requests() -> Iterator[tuple]:
        firms = rng.choices(seekers, k=n["service_requests"])
        wanted = rng.choices(categories, weights=[s for _, s, _ in SERVICE_CATEGORIES], k=n["service_requests"])
        for firm, category in zip(firms, wanted, strict=True):
            firm_city = org_city[firm]
            target = firm_city if rng.random() < 0.7 else rng.choices(city_ids, weights=weights)[0]
            created = now - timedelta(days=rng.randrange(365), seconds=rng.randrange(86400))
            age = (now - created).days
            service, provider, resolution_days = rng.choice(services_of.get(category) or [(None, None, 10)])
            # working days to calendar days, roughly (weekends; the holiday calendar is the services app's)
            response_due = (created + timedelta(days=2)).date()
            resolution_due = (created + timedelta(days=resolution_days * 7 // 5 + 1)).date()
            if rng.random() < 0.03:
                status = "rejected"
            elif age > resolution_days * 2 or rng.random() < min(0.95, age / (resolution_days * 2)):
                status = "closed" if age > 30 and rng.random() < 0.7 else "resolved"
            else:
                status = rng.choice(["new", "accepted", "in_progress", "in_progress", "waiting"])
            routed = status != "new" or rng.random() < 0.5
            responded = created + timedelta(hours=rng.randrange(2, 60)) if status not in ("new", "rejected") else None
            resolved = None
            if status in ("resolved", "closed"):
                late = rng.random() < 0.12
                days_due = resolution_days * 7 // 5
                took = rng.randrange(days_due + 2, days_due + 20) if late else rng.randrange(1, days_due + 1)
                resolved = min(created + timedelta(days=took, hours=rng.randrange(8)), now)
            yield (
                firm, person_pk, category, service, "bench", firm_city, target, "en" if rng.random() < 0.1 else "zh",
                in_shanghai[firm_city] != in_shanghai[target], service if routed else None, provider if routed else None, status,
                created, created if routed else None, response_due if routed else None, resolution_due if routed else None, responded, resolved,
                resolved + timedelta(days=7) if status == "closed" and resolved else None, rng.randrange(3, 6) if status == "closed" else None,
            )

    w.write(
        ServiceRequest,
        [
            "firm_id", "requested_by_id", "category", "wanted_service_id", "need", "firm_city_id", "target_city_id", "language",
            "cross_provincial", "service_id", "provider_id", "status", "created_at", "routed_at", "response_due_on",
            "resolution_due_on", "responded_at", "resolved_at", "closed_at", "rating",
        ],
        service_requests(),
        n["service_requests"],
        "service requests",
    )
