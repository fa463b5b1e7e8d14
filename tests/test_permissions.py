"""The one permission kit (innobelt.permissions, ADR 0012): one meaning for every check."""

import re
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from rules.permissions import permissions as registry

from innobelt.organisations.models import Membership
from innobelt.permissions import can, is_active_user, require
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parent.parent / "innobelt"


def innobelt_perms() -> list[str]:
    return sorted(name for name in registry if "." in name)


def test_an_inactive_account_may_do_nothing():
    """Not even what an anonymous visitor may (an organisation's public page), whatever its flags."""
    org = OrganisationFactory()
    user = UserFactory(is_active=False, is_superuser=True, is_staff=True, is_platform_operator=True)
    MembershipFactory(user=user, organisation=org, role=Membership.Role.ADMIN)
    assert not is_active_user(user)
    assert can(AnonymousUser(), "organisations.view_organisation", org)
    for perm in innobelt_perms():
        assert not can(user, perm), perm
        assert not can(user, perm, org), perm
    with pytest.raises(PermissionDenied):
        require(user, "organisations.change_organisation", org)


def test_nobody_and_anonymous():
    assert not is_active_user(None) and not is_active_user(AnonymousUser())
    assert not can(None, "organisations.view_organisation")
    assert not can(AnonymousUser(), "organisations.add_organisation")


def test_the_superuser_flag_alone_passes_no_rule():
    """Platform operators act through is_platform_operator; Django's superuser shortcut is not used."""
    org = OrganisationFactory()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert superuser.has_perm("organisations.import_organisations")  # Django's meaning (the admin keeps it)
    assert not can(superuser, "organisations.import_organisations")
    assert not can(superuser, "organisations.change_organisation", org)
    assert not can(superuser, "files.add_storedfile", org)
    with pytest.raises(PermissionDenied):
        require(superuser, "organisations.verify_organisation", org)
    operator = UserFactory(is_platform_operator=True)
    assert can(operator, "organisations.import_organisations")
    assert can(operator, "organisations.change_organisation", org)


def test_require_raises_permission_denied_or_lets_through():
    org = OrganisationFactory()
    admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    member = MembershipFactory(organisation=org, role=Membership.Role.MEMBER).user
    assert require(admin, "organisations.change_organisation", org) is None
    with pytest.raises(PermissionDenied):
        require(member, "organisations.change_organisation", org)
    with pytest.raises(PermissionDenied):
        require(None, "organisations.change_organisation", org)


def test_an_unknown_rule_name_is_an_error_not_a_no():
    with pytest.raises(LookupError):
        can(UserFactory(is_platform_operator=True), "organisations.no_such_rule")


def test_every_check_is_a_registered_rule():
    """The names the meetings and files domains check by (ADR 0012)."""
    for name in ("meetings.configure_programme", "meetings.act_as_participant", "meetings.manage_programme",
                 "resources.act_for_seeker", "files.add_storedfile", "files.delete_storedfile"):
        assert rules.perm_exists(name), name


# The copies stay deleted: one is_active_user, one can, one require.
FORBIDDEN = [
    (re.compile(r"^\s*def (_active|_signed_in|is_active_user)\s*\(", re.M), "a copy of is_active_user"),
    (re.compile(r"^\s*def _?require\w*\s*\(", re.M), "a copy of require"),
    (re.compile(r"^\s*def can\s*\(", re.M), "a copy of can"),
    (re.compile(r"return bool\(user and user\.is_authenticated and user\.is_active\)"), "an inline is_active_user"),
    (re.compile(r"\.has_perm\(|rules\.test_rule\(|rules\.has_perm\("), "a check that bypasses can"),
]


def test_no_copies_of_the_kit_under_innobelt():
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "permissions.py" and path.parent == PACKAGE:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {what}")
    assert not found, "use innobelt.permissions instead:\n" + "\n".join(found)


def test_templates_do_not_ask_django_for_permissions():
    """`{% has_perm %}` and `perms` take the superuser shortcut; pages pass what `can` says instead."""
    pattern = re.compile(r"\{%\s*has_perm\b|\{\{\s*perms\b|\{%\s*if\s+perms\b|\bperms\.")
    found = [str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.html")
             if "/admin/" not in str(p) and pattern.search(p.read_text(encoding="utf-8"))]
    assert not found
