"""Schemathesis over the whole OpenAPI schema: no 5xx, every response as documented.

Runs every operation anonymously and with a platform operator's token (the
widest permissions), so both the error paths and the happy paths are fuzzed.
It grows by itself as apps add operations. `make test` runs it in its own
pytest pass and prints how many operations and cases ran.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from innobelt.wsgi import application
from tests.api.fuzz_stats import record

pytestmark = [pytest.mark.fuzz]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Requests the schema allows can still break a business rule (both names empty, the
# 21st token): those are documented 400s, so "schema-valid data must be accepted" is off.
EXCLUDED = [positive_data_acceptance]

FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calling the WSGI app fires request_started/finished, whose handler closes the test's
    database connection; the Django test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def platform_token(db):
    from innobelt.accounts.domain import create_api_token
    from innobelt.web.demo import load_demo
    from tests.factories import UserFactory

    load_demo()
    user = UserFactory(is_platform_operator=True, is_staff=True)
    return create_api_token(user=user, name="fuzz")[1]


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_anonymous(case):
    record(case)
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_platform_operator(case, platform_token):
    record(case)
    case.call_and_validate(headers={"Authorization": f"Bearer {platform_token}"}, excluded_checks=EXCLUDED)
