"""Permission matrix rows of the showcase (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org A (city W) has `ach_pub` (published), `ach_review` (in review; org B a confirmed partner),
`ach_draft` and `ach_confirming` (org B has not confirmed yet). City W runs `prog_open` (open; org B
nominated as `nom_b`), `prog_closed` (closed; org A nominated as `nom_closed`, member of nothing reviews)
and `prog_done` (results published; org A awarded as `nom_a`). What the caller may not see is 404.
"""

from django.utils import timezone

from innobelt.showcase.models import Achievement, AwardProgramme, Nomination
from tests.factories import UserFactory
from tests.showcase.factories import AchievementFactory, NominationFactory, ProgrammeFactory, partner

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def extend_world(world):
    org_a, org_b = world.org_a, world.org_b
    ach_pub = AchievementFactory(organisation=org_a, title_en="Published achievement of A")
    ach_pub.cities.set([world.city_w])
    ach_review = AchievementFactory(organisation=org_a, status=Achievement.Status.IN_REVIEW, published_at=None)
    partner(ach_review, org_b)
    ach_draft = AchievementFactory(organisation=org_a, status=Achievement.Status.DRAFT, published_at=None)
    ach_confirming = AchievementFactory(organisation=org_a, status=Achievement.Status.CONFIRMING, published_at=None)
    partner(ach_confirming, org_b, confirmed=False)
    prog_open = ProgrammeFactory(city=world.city_w, title_en="Open award of W")
    prog_closed = ProgrammeFactory(city=world.city_w, status=AwardProgramme.Status.CLOSED)
    prog_done = ProgrammeFactory(city=world.city_w, status=AwardProgramme.Status.PUBLISHED, published_at=timezone.now())
    nom_b = NominationFactory(programme=prog_open, organisation=org_b)
    nom_closed = NominationFactory(programme=prog_closed, organisation=org_a)
    nom_a = NominationFactory(programme=prog_done, organisation=org_a, status=Nomination.Status.AWARDED)
    world.extra.update(
        ach_pub=ach_pub,
        ach_review=ach_review,
        ach_draft=ach_draft,
        ach_confirming=ach_confirming,
        prog_open=prog_open,
        prog_closed=prog_closed,
        prog_done=prog_done,
        nom_b=nom_b,
        nom_closed=nom_closed,
        nom_a=nom_a,
        sc_reviewer=UserFactory(),
    )


def _x(world, name):
    return world.extra[name].pk


REVIEWERS = row(L, 403, 403, 403, 302, 404, 302)
NOMINATION_OPERATORS = row(L, 403, 403, 404, 302, 404, 302)  # org A's nomination in W: its people read it
NOMINATION_REVIEWERS = row(L, 403, 403, 404, 403, 404, 403)  # nobody in the world is assigned to review it
REVIEW_API = row(401, 403, 403, 403, 200, 404, 200)

PAGES = {
    "showcase:gallery": ("get", lambda w: "/showcase/?year=2026", None, everyone(200)),
    "showcase:mine": ("get", lambda w: "/showcase/mine/", None, signed_in(200)),
    "showcase:new_achievement": ("get", lambda w: "/showcase/new/", None, row(L, 200, 200, 200, 403, 403, 403)),
    "showcase:achievement_detail": (
        "get",
        lambda w: f"/showcase/achievements/{_x(w, 'ach_review')}/",
        None,
        row(404, 200, 200, 200, 200, 404, 200),
    ),
    "showcase:submit": (
        "post",
        lambda w: f"/showcase/achievements/{_x(w, 'ach_draft')}/submit/",
        None,
        row(L, 302, 302, 404, 403, 404, 403),
    ),
    "showcase:confirm": (
        "post",
        lambda w: f"/showcase/achievements/{_x(w, 'ach_confirming')}/confirm/",
        None,
        row(L, 403, 403, 302, 403, 404, 403),
    ),
    "showcase:publish": ("post", lambda w: f"/showcase/achievements/{_x(w, 'ach_review')}/publish/", None, REVIEWERS),
    "showcase:send_back": (
        "post",
        lambda w: f"/showcase/achievements/{_x(w, 'ach_review')}/send-back/",
        lambda w: {"reason": "Add figures."},
        REVIEWERS,
    ),
    "showcase:exhibition": ("get", lambda w: "/showcase/exhibitors/org-a/", None, everyone(200)),
    "showcase:brochure": ("get", lambda w: "/showcase/exhibitors/org-a/brochure.pdf", None, everyone(200)),
    "showcase:programme_list": ("get", lambda w: "/showcase/awards/", None, everyone(200)),
    "showcase:programme_detail": ("get", lambda w: f"/showcase/awards/{_x(w, 'prog_done')}/", None, everyone(200)),
    "showcase:nomination_detail": (
        "get",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_a')}/",
        None,
        row(404, 200, 200, 404, 200, 404, 200),
    ),
    "showcase:new_programme": ("get", lambda w: "/showcase/awards/new/", None, row(L, 403, 403, 403, 200, 200, 200)),
    "showcase:edit_programme": (
        "get",
        lambda w: f"/showcase/awards/{_x(w, 'prog_open')}/edit/",
        None,
        row(L, 403, 403, 403, 200, 403, 200),
    ),
    "showcase:programme_status": (
        "post",
        lambda w: f"/showcase/awards/{_x(w, 'prog_open')}/status/",
        lambda w: {"status": "closed"},
        row(L, 403, 403, 403, 302, 403, 302),
    ),
    "showcase:nominate": (
        "get",
        lambda w: f"/showcase/awards/{_x(w, 'prog_open')}/nominate/",
        None,
        row(L, 403, 200, 200, 200, 403, 200),
    ),
    "showcase:assign_reviewer": (
        "post",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_closed')}/reviewers/",
        lambda w: {"email": w.extra["sc_reviewer"].email},
        NOMINATION_OPERATORS,
    ),
    "showcase:declare_conflict": (
        "post",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_closed')}/conflict/",
        lambda w: {"note": "I advised them."},
        NOMINATION_REVIEWERS,
    ),
    "showcase:score": (
        "post",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_closed')}/scores/",
        lambda w: {f"score_{c.pk}": 7 for c in w.extra["prog_closed"].criteria.all()},
        NOMINATION_REVIEWERS,
    ),
    "showcase:refresh_evidence": (
        "post",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_closed')}/evidence/",
        None,
        NOMINATION_OPERATORS,
    ),
    "showcase:decide": (
        "post",
        lambda w: f"/showcase/nominations/{_x(w, 'nom_closed')}/decision/",
        lambda w: {"award": "1"},
        NOMINATION_OPERATORS,
    ),
    "showcase:certificate": ("get", lambda w: f"/showcase/certificates/{_x(w, 'nom_a')}.pdf", None, everyone(200)),
}

NEW_ACHIEVEMENT = {"organisation": "org-a", "title_en": "New achievement", "story_en": "A story.", "year": 2026}
NEW_PROGRAMME = {
    "kind": "incubator",
    "city": "city-w",
    "title_en": "Incubators 2026",
    "year": 2026,
    "opens_at": "2026-01-01T09:00:00+08:00",
    "closes_at": "2099-12-31T17:00:00+08:00",
    "evidence_from": "2025-01-01",
    "evidence_to": "2025-12-31",
    "criteria": [{"name_en": "Startups incubated", "weight": 100}],
}
NOMINATION_READERS = row(401, 200, 200, 404, 200, 404, 200)  # the nominee's people and the programme's operators


def _scores(w):
    return {"scores": [{"criterion": c.pk, "value": 7} for c in w.extra["prog_closed"].criteria.all()]}


API = {
    "GET /api/v1/achievements": (lambda w: ("/api/v1/achievements?year=2026", None), everyone(200)),
    "POST /api/v1/achievements": (
        lambda w: ("/api/v1/achievements", NEW_ACHIEVEMENT),
        row(401, 201, 201, 403, 403, 403, 403),
    ),
    "GET /api/v1/achievements/{achievement_id}": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_review')}", None),
        row(404, 200, 200, 200, 200, 404, 200),
    ),
    "PATCH /api/v1/achievements/{achievement_id}": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_draft')}", {"jobs": 3}),
        row(401, 200, 200, 404, 403, 404, 403),
    ),
    "POST /api/v1/achievements/{achievement_id}/submit": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_draft')}/submit", None),
        row(401, 200, 200, 404, 403, 404, 403),
    ),
    "POST /api/v1/achievements/{achievement_id}/confirm": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_confirming')}/confirm", None),
        row(401, 403, 403, 200, 403, 404, 403),
    ),
    "POST /api/v1/achievements/{achievement_id}/publish": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_review')}/publish", None),
        REVIEW_API,
    ),
    "POST /api/v1/achievements/{achievement_id}/send-back": (
        lambda w: (f"/api/v1/achievements/{_x(w, 'ach_review')}/send-back", {"reason": "Add figures."}),
        REVIEW_API,
    ),
    "GET /api/v1/awards": (None, everyone(200)),
    "POST /api/v1/awards": (lambda w: ("/api/v1/awards", NEW_PROGRAMME), row(401, 403, 403, 403, 201, 403, 201)),
    "GET /api/v1/awards/{programme_id}": (lambda w: (f"/api/v1/awards/{_x(w, 'prog_open')}", None), everyone(200)),
    "PATCH /api/v1/awards/{programme_id}": (
        lambda w: (f"/api/v1/awards/{_x(w, 'prog_open')}", {"title_en": "Open award of W, renamed"}),
        row(401, 403, 403, 403, 200, 403, 200),
    ),
    "POST /api/v1/awards/{programme_id}/status": (
        lambda w: (f"/api/v1/awards/{_x(w, 'prog_open')}/status", {"status": "closed"}),
        row(401, 403, 403, 403, 200, 403, 200),
    ),
    "GET /api/v1/awards/{programme_id}/nominations": (
        lambda w: (f"/api/v1/awards/{_x(w, 'prog_open')}/nominations", None),
        signed_in(200, 401),
    ),
    "POST /api/v1/awards/{programme_id}/nominations": (
        lambda w: (f"/api/v1/awards/{_x(w, 'prog_open')}/nominations", {"organisation": "org-a"}),
        row(401, 403, 201, 403, 201, 403, 201),
    ),
    "GET /api/v1/nominations/{nomination_id}": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}", None),
        NOMINATION_READERS,
    ),
    "POST /api/v1/nominations/{nomination_id}/evidence": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}/evidence", None),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    "POST /api/v1/nominations/{nomination_id}/reviewers": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}/reviewers", {"reviewer": _x(w, "sc_reviewer")}),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    "POST /api/v1/nominations/{nomination_id}/conflict": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}/conflict", {"note": "I advised them."}),
        row(401, 403, 403, 404, 403, 404, 403),
    ),
    "POST /api/v1/nominations/{nomination_id}/scores": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}/scores", _scores(w)),
        row(401, 403, 403, 404, 403, 404, 403),
    ),
    "POST /api/v1/nominations/{nomination_id}/decision": (
        lambda w: (f"/api/v1/nominations/{_x(w, 'nom_closed')}/decision", {"award": True}),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
}


def secret_achievement(world):
    """A draft of org A's: nobody outside A (and its operators) reads it, org B included."""
    achievement = AchievementFactory(
        organisation=world.org_a, status=Achievement.Status.DRAFT, published_at=None, title_en="SECRET-ACHIEVEMENT-2291"
    )
    a = achievement.pk
    return [
        ("get", f"/showcase/achievements/{a}/"),
        ("get", "/showcase/?q=SECRET"),
        ("get", "/showcase/mine/"),
        ("post", f"/showcase/achievements/{a}/submit/"),
        ("post", f"/showcase/achievements/{a}/confirm/"),
        ("post", f"/showcase/achievements/{a}/publish/"),
        ("get", "/showcase/exhibitors/org-a/"),
        ("get", f"/api/v1/achievements/{a}"),
        ("get", "/api/v1/achievements?q=SECRET"),
        ("patch", f"/api/v1/achievements/{a}", {"jobs": 1}),
        ("post", f"/api/v1/achievements/{a}/submit"),
        ("post", f"/api/v1/achievements/{a}/confirm"),
        ("post", f"/api/v1/achievements/{a}/publish"),
        ("post", f"/api/v1/achievements/{a}/send-back", {"reason": "x"}),
    ], "SECRET-ACHIEVEMENT-2291"


def secret_nomination(world):
    """Org A's nomination and its evidence: org B, nominated too, reads none of it."""
    programme = ProgrammeFactory(city=world.city_w)
    NominationFactory(programme=programme, organisation=world.org_b)
    nomination = NominationFactory(programme=programme, organisation=world.org_a, statement="SECRET-NOMINATION-8812")
    n = nomination.pk
    return [
        ("get", f"/showcase/nominations/{n}/"),
        ("get", f"/showcase/awards/{programme.pk}/"),
        ("get", f"/showcase/certificates/{n}.pdf"),
        ("post", f"/showcase/nominations/{n}/reviewers/"),
        ("post", f"/showcase/nominations/{n}/conflict/"),
        ("post", f"/showcase/nominations/{n}/scores/"),
        ("post", f"/showcase/nominations/{n}/evidence/"),
        ("post", f"/showcase/nominations/{n}/decision/"),
        ("get", f"/api/v1/nominations/{n}"),
        ("get", f"/api/v1/awards/{programme.pk}/nominations"),
        ("post", f"/api/v1/nominations/{n}/evidence"),
        ("post", f"/api/v1/nominations/{n}/conflict", {"note": "x"}),
        ("post", f"/api/v1/nominations/{n}/decision", {"award": True}),
    ], "SECRET-NOMINATION-8812"


def secret_programme(world):
    programme = ProgrammeFactory(
        city=world.city_w, status=AwardProgramme.Status.DRAFT, title_en="SECRET-PROGRAMME-1177"
    )
    p = programme.pk
    return [
        ("get", f"/showcase/awards/{p}/"),
        ("get", "/showcase/awards/"),
        ("get", f"/showcase/awards/{p}/nominate/"),
        ("post", f"/showcase/awards/{p}/status/"),
        ("get", f"/showcase/awards/{p}/edit/"),
        ("post", f"/showcase/awards/{p}/edit/"),
        ("get", f"/api/v1/awards/{p}"),
        ("get", "/api/v1/awards"),
        ("post", f"/api/v1/awards/{p}/status", {"status": "open"}),
        ("patch", f"/api/v1/awards/{p}", {"title_en": "x"}),
        ("post", f"/api/v1/awards/{p}/nominations", {"organisation": "org-b"}),
    ], "SECRET-PROGRAMME-1177"


PRIVATE_PROBES = {
    "showcase.achievement": secret_achievement,  # published ones are public; the others private
    "showcase.nomination": secret_nomination,
    "showcase.awardprogramme": secret_programme,  # open and published ones are public; a draft is private
}

NOT_EXPOSED = {
    "showcase.achievementpartner": "not addressed by id: listed within its achievement, which decides who sees it",
    "showcase.traillink": "not addressed by id: listed within its achievement, which decides who sees it",
    "showcase.awardcriterion": "not addressed by id: listed within its programme",
    "showcase.reviewerassignment": "not addressed by id: listed within its nomination, which decides who sees it",
    "showcase.score": "not addressed by id: counted within its nomination, which decides who sees it",
}
