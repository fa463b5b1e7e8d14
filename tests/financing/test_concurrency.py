"""Two operators approve two applications at once: the fund never awards more than its budget.

Each award locks the fund's row and checks what is left in the same transaction; with a budget of
1,000,000 yuan and two applications of 600,000, exactly one award wins and the other gets a 409.
Meant for PostgreSQL (row lock); on SQLite the one write lock serialises the two the same way.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from innobelt.accounts.domain import create_api_token
from innobelt.financing.models import Fund, FundApplication
from tests.factories import OrganisationFactory, UserFactory
from tests.financing.factories import make_application, make_fund
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_stay_within_the_budget(concurrent_server, scene):  # noqa: F811 (the fixture)
    fund = make_fund(city=scene.wuxi, sector=scene.ic, budget=Decimal("1000000"))
    applications = [
        make_application(fund, org, reviewers=scene.reviewers) for org in (scene.startup, OrganisationFactory(kind="sme", city=scene.wuxi))
    ]
    second_operator = UserFactory(operator_for=[scene.wuxi])
    tokens = [create_api_token(user=user, name="race")[1] for user in (scene.operator, second_operator)]
    server = concurrent_server
    server.open()
    barrier = threading.Barrier(2)
    urls = [f"{server.url}/api/v1/funds/{fund.pk}/applications/{a.pk}/award" for a in applications]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: _post(urls[i], tokens[i], {}, barrier), range(2)))
    assert Counter(status for status, _body in results) == {200: 1, 409: 1}, results
    loser = next(body for status, body in results if status == 409)
    assert loser["error"]["code"] == "conflict"
    total = server.run(lambda: Fund.objects.get(pk=fund.pk).awarded_total)
    assert total == Decimal("600000.00")
    statuses = server.run(lambda: sorted(FundApplication.objects.values_list("status", flat=True)))
    assert statuses == ["awarded", "submitted"]
