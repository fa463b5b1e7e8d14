"""Permission matrix rows of talent (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org A posted `pos_a`; an outside person with a public profile (`prof_pub`) applied (`tapp_a`).
`prof_ver` is for verified organisations only and `prof_hid` hidden: nobody in the world belongs to a
verified organisation, so no role finds either (tests/talent/test_visibility.py checks the verified
member who does find `prof_ver`). No role has a profile, so applying is refused (400, or a message).
"""

from innobelt.talent.models import PositionApplication, TalentProfile
from tests.factories import UserFactory
from tests.talent.factories import make_position, make_profile

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def extend_world(world):
    position = make_position(world.org_a, title_en="Position of A")
    applicant = UserFactory()
    public = make_profile(applicant, headline="Public profile", cities=[world.city_w])
    verified = make_profile(headline="Verified-only profile", visibility=TalentProfile.Visibility.VERIFIED)
    hidden = make_profile(headline="Hidden profile", visibility=TalentProfile.Visibility.HIDDEN)
    application = PositionApplication.objects.create(position=position, applicant=applicant, message="Hello")
    world.extra.update(pos_a=position, prof_pub=public, prof_ver=verified, prof_hid=hidden, tapp_a=application)


def admin_rows(world) -> tuple[dict, dict]:
    """The admin world's rows of talent (tests/permissions.py extend_admin_world): city W's (org A's position
    and its application, the public profile of someone who would work in W, a recognition of it by W) and
    city X's (org B's)."""
    from innobelt.talent.models import Recognition

    e = world.extra
    recognition_w = Recognition.objects.create(profile=e["prof_pub"], programme="outstanding_engineer", city=world.city_w, review_note="Reviewed.")
    position_x = make_position(world.org_b, title_en="Position of B", city=world.city_x)
    profile_x = make_profile(headline="Profile in X", cities=[world.city_x])
    w = {
        "talent.position": e["pos_a"],
        "talent.talentprofile": e["prof_pub"],
        "talent.positionapplication": e["tapp_a"],
        "talent.recognition": recognition_w,
    }
    x = {
        "talent.position": position_x,
        "talent.talentprofile": profile_x,
        "talent.positionapplication": PositionApplication.objects.create(position=position_x, applicant=UserFactory()),
        "talent.recognition": Recognition.objects.create(
            profile=profile_x, programme="outstanding_engineer", city=world.city_x, review_note="Reviewed."
        ),
    }
    return w, x


def _x(world, name):
    return world.extra[name].pk


EMPLOYER = row(L, 200, 200, 404, 404, 404, 404)  # A's people (the applicant is no role)

PAGES = {
    "talent:home": ("get", lambda w: "/talent/", None, everyone(200)),
    "talent:for_me": ("get", lambda w: "/talent/for-me/", None, signed_in(200)),
    "talent:my_profile": ("get", lambda w: "/talent/profile/", None, signed_in(200)),
    # nobody in the world gave that consent: a message (tests/talent/test_consent.py withdraws one)
    "talent:withdraw_consent": ("post", lambda w: "/talent/profile/consents/withdraw/", lambda w: {"purpose": "talent.profile"}, signed_in(302)),
    "talent:post_position": ("get", lambda w: "/talent/positions/new/", None, signed_in(200)),  # non-admins: a message
    "talent:edit_position": ("get", lambda w: f"/talent/positions/{_x(w, 'pos_a')}/edit/", None, row(L, 200, 200, 403, 403, 403, 403)),
    "talent:close_position": ("post", lambda w: f"/talent/positions/{_x(w, 'pos_a')}/close/", None, row(L, 302, 302, 403, 403, 403, 403)),
    "talent:position_detail": ("get", lambda w: f"/talent/positions/{_x(w, 'pos_a')}/", None, everyone(200)),
    "talent:apply": (
        "post",
        lambda w: f"/talent/positions/{_x(w, 'pos_a')}/apply/",
        lambda w: {"consent": "on"},
        signed_in(302),
    ),  # refused with a message: no role has a profile
    "talent:people": ("get", lambda w: "/talent/people/", None, everyone(200)),
    # a "verified organisations only" profile: nobody in this world belongs to a verified organisation
    "talent:person_detail": ("get", lambda w: f"/talent/people/{_x(w, 'prof_ver')}/", None, everyone(404)),
    "talent:recognise": (
        "post",
        lambda w: f"/talent/people/{_x(w, 'prof_pub')}/recognise/",
        lambda w: {"programme": "outstanding_engineer", "city": w.city_w.pk, "review_note": "Ok."},
        row(L, 403, 403, 403, 302, 302, 302),
    ),  # operator X: W is not among its districts (a message)
    "talent:application_detail": ("get", lambda w: f"/talent/applications/{_x(w, 'tapp_a')}/", None, EMPLOYER),
    "talent:move": (
        "post",
        lambda w: f"/talent/applications/{_x(w, 'tapp_a')}/move/",
        lambda w: {"status": "shortlisted"},
        row(L, 302, 302, 404, 404, 404, 404),
    ),
}

NEW_POSITION = {"organisation": "org-a", "title_en": "Postdoc", "kind": "postdoc", "description": "Research."}
API_EMPLOYER = row(401, 200, 200, 404, 404, 404, 404)

API = {
    "GET /api/v1/talent/positions": (None, everyone(200)),
    "POST /api/v1/talent/positions": (lambda w: ("/api/v1/talent/positions", NEW_POSITION), row(401, 403, 201, 403, 403, 403, 403)),
    "GET /api/v1/talent/positions/{position_id}": (lambda w: (f"/api/v1/talent/positions/{_x(w, 'pos_a')}", None), everyone(200)),
    "GET /api/v1/talent/positions/{position_id}/candidates": (
        lambda w: (f"/api/v1/talent/positions/{_x(w, 'pos_a')}/candidates", None),
        row(401, 200, 200, 403, 403, 403, 403),
    ),
    "POST /api/v1/talent/positions/{position_id}/applications": (
        lambda w: (f"/api/v1/talent/positions/{_x(w, 'pos_a')}/applications", {"consent": True}),
        row(401, *[400] * 6),
    ),
    "GET /api/v1/talent/matches": (None, signed_in(200, 401)),
    "GET /api/v1/talent/profiles": (None, everyone(200)),
    "GET /api/v1/talent/profiles/{profile_id}": (
        lambda w: (f"/api/v1/talent/profiles/{_x(w, 'prof_hid')}", None),
        everyone(404),
    ),  # hidden: found by nobody
    "PUT /api/v1/talent/profile": (lambda w: ("/api/v1/talent/profile", {"headline": "Me", "visibility": "hidden"}), signed_in(200, 401)),
    "GET /api/v1/talent/consents": (None, signed_in(200, 401)),
    "POST /api/v1/talent/consents": (lambda w: ("/api/v1/talent/consents", {"purpose": "talent.profile"}), signed_in(201, 401)),
    # nobody in the world gave that consent: 400 (tests/talent/test_consent_api.py withdraws one)
    "POST /api/v1/talent/consents/withdraw": (
        lambda w: ("/api/v1/talent/consents/withdraw", {"purpose": "talent.profile"}),
        signed_in(400, 401),
    ),
    "POST /api/v1/talent/profiles/{profile_id}/recognitions": (
        lambda w: (
            f"/api/v1/talent/profiles/{_x(w, 'prof_pub')}/recognitions",
            {"programme": "strategic_scientist", "city": "city-w", "review_note": "Reviewed."},
        ),
        row(401, 403, 403, 403, 201, 403, 201),
    ),
    "GET /api/v1/talent/applications/{application_id}": (lambda w: (f"/api/v1/talent/applications/{_x(w, 'tapp_a')}", None), API_EMPLOYER),
    "POST /api/v1/talent/applications/{application_id}/status": (
        lambda w: (f"/api/v1/talent/applications/{_x(w, 'tapp_a')}/status", {"status": "shortlisted"}),
        API_EMPLOYER,
    ),
}


def secret_hidden_profile(world):
    """A hidden profile: found by nobody but its owner, by page, search or API."""
    profile = make_profile(headline="SECRET-PROFILE-2290", visibility=TalentProfile.Visibility.HIDDEN)
    p = profile.pk
    return [
        ("get", f"/talent/people/{p}/"),
        ("get", "/talent/people/?q=SECRET"),
        ("post", f"/talent/people/{p}/recognise/", {"programme": "strategic_scientist", "review_note": "x"}),
        ("get", f"/api/v1/talent/profiles/{p}"),
        ("get", "/api/v1/talent/profiles?q=SECRET"),
        ("get", f"/talent/positions/{world.extra['pos_a'].pk}/"),
        ("post", f"/api/v1/talent/profiles/{p}/recognitions", {"programme": "strategic_scientist", "city": "city-w", "review_note": "x"}),
    ], "SECRET-PROFILE-2290"


def secret_verified_profile(world):
    """A profile for verified organisations only: org B (not verified) finds none of it."""
    profile = make_profile(headline="SECRET-VERIFIED-7781", visibility=TalentProfile.Visibility.VERIFIED)
    p = profile.pk
    return [
        ("get", f"/talent/people/{p}/"),
        ("get", "/talent/people/?q=SECRET"),
        ("get", f"/api/v1/talent/profiles/{p}"),
        ("get", "/api/v1/talent/profiles?q=SECRET"),
    ], "SECRET-VERIFIED-7781"


def secret_application(world):
    """Someone's application to A's position: org B's admin reads none of it."""
    applicant = make_profile(headline="Applicant").user
    application = PositionApplication.objects.create(position=world.extra["pos_a"], applicant=applicant, message="SECRET-COVER-4402")
    a = application.pk
    return [
        ("get", f"/talent/applications/{a}/"),
        ("post", f"/talent/applications/{a}/move/", {"status": "shortlisted"}),
        ("get", f"/api/v1/talent/applications/{a}"),
        ("post", f"/api/v1/talent/applications/{a}/status", {"status": "shortlisted"}),
    ], "SECRET-COVER-4402"


PRIVATE_PROBES = {
    "talent.talentprofile": secret_hidden_profile,
    "talent.positionapplication": secret_application,
}
VERIFIED_PROBE = secret_verified_profile  # run by tests/talent/test_visibility.py (one probe per model above)

NOT_EXPOSED = {
    "talent.position": "public: open positions are for everyone (a closed one is its organisation's, 404 to others)",
    "talent.recognition": "not addressed by id: shown within its profile, which decides who sees it",
    "talent.districtprogramme": "no page or endpoint by id; kept by operators in the admin",
}
