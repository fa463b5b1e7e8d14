"""The demo is loaded once, and a production start refuses demo accounts with the published password."""

import importlib
import sys
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from innobelt.accounts.models import User
from innobelt.web.checks import DEMO_PASSWORD_ERROR, check_demo_passwords
from innobelt.web.demo import DEMO_PASSWORD, accounts_with_published_password, load_demo
from innobelt.web.models import DemoData
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_demo_account_stays_deleted_when_the_demo_is_loaded_again():
    load_demo()
    assert DemoData.objects.count() == 1
    User.objects.get(email="baoshan@innobelt.local").delete()
    summary = load_demo()
    assert "already loaded" in summary["demo data"]
    assert not User.objects.filter(email="baoshan@innobelt.local").exists()
    assert DemoData.objects.count() == 1


def test_the_command_says_the_demo_is_loaded_and_changes_nothing():
    out = StringIO()
    call_command("load_demo", synthetic=0, no_index=True, stdout=out)
    assert "baoshan@innobelt.local" in out.getvalue()
    User.objects.filter(email="baoshan@innobelt.local").delete()
    out = StringIO()
    call_command("load_demo", synthetic=0, no_index=True, force=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert not User.objects.filter(email="baoshan@innobelt.local").exists()


def test_the_command_leaves_a_database_with_accounts_alone_unless_forced():
    UserFactory(email="someone@example.com")
    out = StringIO()
    call_command("load_demo", synthetic=0, no_index=True, stdout=out)
    assert "already holds accounts" in out.getvalue()
    assert not User.objects.filter(email="baoshan@innobelt.local").exists() and not DemoData.objects.exists()
    call_command("load_demo", synthetic=0, no_index=True, force=True, stdout=StringIO())
    assert User.objects.filter(email="baoshan@innobelt.local").exists() and DemoData.objects.exists()


def test_every_demo_account_is_found_with_the_published_password():
    load_demo()
    holders = accounts_with_published_password()
    assert {"operator@innobelt.local", "baoshan@innobelt.local", "sme@innobelt.local", "putuo-center@innobelt.local",
            "meet-1@innobelt.local"} <= set(holders)
    assert set(holders) == set(DemoData.objects.get().accounts)
    # one shared hash: the production check verifies the password once
    assert User.objects.filter(email__in=holders).values("password").distinct().count() == 1


@override_settings(EMBEDDED=False)
def test_a_production_start_refuses_demo_accounts_with_the_published_password():
    load_demo()
    errors = check_demo_passwords(databases=["default"])
    assert [e.id for e in errors] == [DEMO_PASSWORD_ERROR] and "baoshan@innobelt.local" in errors[0].msg
    with pytest.raises(SystemCheckError, match="published demo password"):
        call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())
    sys.modules.pop("innobelt.wsgi", None)
    with pytest.raises(ImproperlyConfigured, match="published demo password"):
        importlib.import_module("innobelt.wsgi")


@override_settings(EMBEDDED=False)
def test_the_check_is_silent_once_the_demo_passwords_are_changed_or_accounts_deactivated():
    load_demo()
    holders = accounts_with_published_password()
    User.objects.filter(email=holders[0]).update(is_active=False)
    for user in User.objects.filter(email__in=holders[1:]):
        user.set_password("a-new-secret-password-91")
        user.save()
    assert check_demo_passwords(databases=["default"]) == []
    call_command("check", stdout=StringIO())
    sys.modules.pop("innobelt.wsgi", None)
    importlib.import_module("innobelt.wsgi")


@override_settings(EMBEDDED=False)
def test_the_check_finds_a_demo_account_made_before_the_marker_existed():
    user = UserFactory(email="comac@innobelt.local")
    user.set_password(DEMO_PASSWORD)
    user.save()
    assert [e.id for e in check_demo_passwords()] == [DEMO_PASSWORD_ERROR]


def test_the_check_is_silent_in_the_embedded_mode():
    load_demo()
    with override_settings(EMBEDDED=True):
        assert check_demo_passwords(databases=["default"]) == []


def test_manage_py_in_production_mode_refuses_to_start_with_a_demo_account(tmp_path):
    """The real start-up path: a migrated database holding a demo account with the published password."""
    from tests.test_settings import run_manage

    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "INNOBELT_VAR_DIR": str(tmp_path)}
    assert run_manage("migrate", "-v0", env_extra={**env, "INNOBELT_EMBEDDED": "true"}).returncode == 0
    make = ("from innobelt.accounts.models import User; from innobelt.web.demo import DEMO_PASSWORD; "
            "User.objects.create_user(username='comac@innobelt.local', email='comac@innobelt.local', password=DEMO_PASSWORD)")
    assert run_manage("shell", "-c", make, env_extra={**env, "INNOBELT_EMBEDDED": "true"}).returncode == 0
    production = {**env, "INNOBELT_EMBEDDED": "false", "DEBUG": "false", "SECRET_KEY": "x7" * 32 + "-production-like-secret-key",
                  "ALLOWED_HOSTS": "innobelt.example.cn", "SITE_URL": "https://innobelt.example.cn"}
    result = run_manage("check", "--deploy", env_extra=production)
    assert result.returncode != 0 and "innobelt.E001" in result.stderr and "comac@innobelt.local" in result.stderr
    assert run_manage("check", env_extra={**env, "INNOBELT_EMBEDDED": "true"}).returncode == 0


def test_the_command_prints_a_short_guide_not_mails_or_task_logs():
    from django.conf import settings
    from django.core import mail

    from innobelt.notifications.models import Notification
    from innobelt.web.demo import DEMO_GUIDE

    out = StringIO()
    call_command("load_demo", synthetic=0, no_index=True, stdout=out)
    text = out.getvalue()
    assert "Subject:" not in text and "celery" not in text and len(text.splitlines()) <= len(DEMO_GUIDE) + 3
    for email, role, _ in DEMO_GUIDE:
        assert email in text and role in text
        assert User.objects.filter(email=email).exists()
    assert mail.outbox == []  # the demo's invented addresses get no e-mail ...
    assert Notification.objects.exists()  # ... but the in-app inbox keeps every message
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"  # restored afterwards


def test_the_readme_lists_every_demo_account_with_its_role():
    from pathlib import Path

    from innobelt.web.demo import DEMO_GUIDE

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for email, role, _ in DEMO_GUIDE:
        assert f"`{email}`" in readme and f"| {role} |" in readme, email


def test_make_run_again_rebuilds_an_index_saved_in_an_older_format(settings, tmp_path):
    """After an upgrade that changed the index's format (ADR 0202 Decision 6), `make run` on the same var/
    must not leave matching unreadable: load_demo, finding the demo loaded, rebuilds the outdated index."""
    import json

    from innobelt.matching import index_store
    from innobelt.matching.domain import rebuild_index
    from innobelt.matching.engine.store import IndexFormatError
    from tests.factories import OrganisationFactory

    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    try:
        OrganisationFactory()
        rebuild_index()
        metas = list((tmp_path / "index").rglob("meta.json"))
        assert metas
        for meta in metas:  # as an index saved before the title vectors
            doc = json.loads(meta.read_text(encoding="utf-8"))
            doc["format"] = 1
            meta.write_text(json.dumps(doc), encoding="utf-8")
        index_store.reset_for_tests()
        with pytest.raises(IndexFormatError):
            index_store.get_index()
        DemoData.objects.create()
        out = StringIO()
        call_command("load_demo", synthetic=0, stdout=out)
        assert "rebuilding it" in out.getvalue()
        index_store.reset_for_tests()
        assert len(index_store.get_index()) >= 1
    finally:
        index_store.reset_for_tests()
