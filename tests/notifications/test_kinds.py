"""Every kind notify() is called with is in the catalogue of notifications/kinds.py, so a person can choose how
to get it; a kind built at run time (f"events.registration_{status}") has its every value there."""

import ast
from pathlib import Path

from innobelt.notifications.kinds import BY_CODE, GROUPS, KINDS, SECURITY_KINDS

ROOT = Path(__file__).resolve().parents[2] / "innobelt"

# the values a kind built at run time takes (the statuses and answers that reach notify())
EXPANSIONS = {
    "events.registration_": {"confirmed", "pending", "waitlisted"},
    "events.pitch_": {"selected", "declined"},
    "meetings.request_": {"accepted", "declined"},
}


def kinds_in_code():
    fixed, built, never_emailed = set(), set(), set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "notify"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            kind = keywords["kind"]
            if isinstance(kind, ast.Constant):
                fixed.add(kind.value)
                codes = {kind.value}
            else:
                assert isinstance(kind, ast.JoinedStr) and isinstance(kind.values[0], ast.Constant), f"{path}: {ast.unparse(kind)}"
                prefix = kind.values[0].value
                built.add(prefix)
                codes = {prefix + value for value in EXPANSIONS.get(prefix, {"?"})}
            email = keywords.get("email")
            if isinstance(email, ast.Constant) and email.value is False:
                never_emailed |= codes
    return fixed, built, never_emailed


def test_every_kind_is_in_the_catalogue():
    fixed, built, _never = kinds_in_code()
    assert len(fixed) > 30
    assert fixed - set(BY_CODE) == set()
    assert built == set(EXPANSIONS)
    assert {prefix + v for prefix, values in EXPANSIONS.items() for v in values} - set(BY_CODE) == set()


def test_the_catalogue_names_nothing_else():
    fixed, _built, _never = kinds_in_code()
    expanded = {prefix + v for prefix, values in EXPANSIONS.items() for v in values}
    assert set(BY_CODE) - fixed - expanded == set()
    assert len(BY_CODE) == len(KINDS)


def test_kinds_never_emailed_offer_no_email_choice():
    _fixed, _built, never = kinds_in_code()
    assert {k.code for k in KINDS if not k.email} == never


def test_groups_and_security_kinds():
    assert {k.group for k in KINDS} <= set(GROUPS)
    assert SECURITY_KINDS == {"account.password_changed", "account.sessions_ended", "account.second_factor_changed"}
    assert SECURITY_KINDS <= set(BY_CODE)
