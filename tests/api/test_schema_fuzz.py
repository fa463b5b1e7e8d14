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
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from innobelt.wsgi import application
from tests.api.fuzz_stats import STATEFUL as STATEFUL_STATS
from tests.api.fuzz_stats import has_nul, record, record_sequence

pytestmark = [pytest.mark.fuzz]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# NUL characters: PostgreSQL cannot hold them in text, so a NUL that reaches a lookup is a 500. Every
# string query and path parameter gets one in about a quarter of the cases (the edge answers 400,
# documented on every operation); bodies already draw them (schemathesis' allow-x00 is on).
NUL = "\x00"


def _with_nul(values):
    def add(value):
        if isinstance(value, str):
            return f"{value[:1]}{NUL}{value[1:]}"
        if isinstance(value, list):
            return [add(v) for v in value]
        return value

    return {name: add(value) for name, value in values.items()}


def _sometimes_with_nul(values):
    if not values or not any(isinstance(v, str | list) for v in values.values()):
        return st.just(values)
    return st.integers(min_value=0, max_value=3).map(lambda n: _with_nul(values) if n == 3 else values)


@schema.hooks.hook
def flatmap_query(ctx, query):
    return _sometimes_with_nul(query)


@schema.hooks.hook
def flatmap_path_parameters(ctx, path_parameters):
    return _sometimes_with_nul(path_parameters)


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The Belt's demo, loaded once into this run's test database (every example runs in a transaction
    rolled back after it): loading it per operation had become most of the fuzzing's time as apps grew.
    This module only: the fuzzing is its own pytest run (`-m fuzz`)."""
    from innobelt.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def platform_operator(db):
    from innobelt.web.demo import load_demo
    from tests.factories import UserFactory

    load_demo()  # already loaded at the start of the run: nothing to do
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
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    _nul_refused(case, response)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_platform_operator(case, platform_token):
    record(case)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {platform_token}"}, excluded_checks=EXCLUDED)
    _nul_refused(case, response)


def _nul_refused(case, response):
    """A NUL in the path or the query is refused at the edge, in the API's JSON shape."""
    if has_nul(case):
        assert response.status_code == 400, (case.formatted_path, response.status_code)
        assert response.headers["content-type"][0].startswith("application/json")


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
