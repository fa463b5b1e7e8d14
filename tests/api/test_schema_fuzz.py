"""Schemathesis over the whole OpenAPI schema: no 5xx, every response as documented.

Runs every operation anonymously and with a platform operator's token (the
widest permissions), so both the error paths and the happy paths are fuzzed.
It grows by itself as apps add operations. A stateful test then runs sequences
of calls along the schema's links (innobelt/api/openapi.py), as a platform
operator. `make test` runs it in its own pytest pass and prints how many
operations, cases, sequences and followed links ran.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import positive_data_acceptance

from innobelt.wsgi import application
from tests.api.fuzz_stats import STATEFUL as STATEFUL_STATS
from tests.api.fuzz_stats import record, record_sequence

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
def platform_operator(db):
    from innobelt.web.demo import load_demo
    from tests.factories import UserFactory

    load_demo()
    return UserFactory(is_platform_operator=True, is_staff=True)


@pytest.fixture
def platform_token(platform_operator):
    from innobelt.accounts.domain import create_api_token

    return create_api_token(user=platform_operator, name="fuzz")[1]


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


# Stateful: sequences of calls that follow the schema's links (innobelt/api/openapi.py): the object a
# POST creates, or the first one a list returns, feeds GET/PATCH/POST… on that object. Only our own
# links: schemathesis' guessing of more links from names is off, so the budget goes to those.
stateful_schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application,
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {"phases": {"stateful": {"inference": {"algorithms": ["location-headers"]}}}}),
)
# About 40 sequences of up to 10 calls (longer sequences reach far more links than more of
# them): a few seconds on SQLite and PostgreSQL.
STATEFUL = settings(max_examples=30, stateful_step_count=10, deadline=None, derandomize=True,
                    phases=[Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.mark.django_db
def test_stateful_platform_operator(platform_operator):
    """Each sequence runs in a savepoint rolled back at its end, with an empty cache (where the rate
    limits live) and a new token (a sequence may revoke its own), so every sequence starts from the
    demo data: Hypothesis replays sequences and needs the same calls to give the same answers."""
    from django.db import transaction

    from innobelt.accounts import ratelimit
    from innobelt.accounts.domain import create_api_token

    class Workflow(stateful_schema.as_state_machine()):
        def setup(self):
            record_sequence()
            ratelimit.clear()
            self.savepoint = transaction.savepoint()
            self.headers = {"Authorization": f"Bearer {create_api_token(user=platform_operator, name='fuzz')[1]}"}

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def step(self, input):
            record(input.case, link=input.transition is not None and input.is_applied)
            return super().step(input)

        def get_call_kwargs(self, case):
            return {"headers": self.headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, additional_checks=additional_checks, excluded_checks=EXCLUDED,
                                   headers=self.headers, transport_kwargs=kwargs or None, recorder=self.recorder)

    STATEFUL_STATS["schema links"] = stateful_schema.statistic.transitions.total
    Workflow.run(settings=STATEFUL)
