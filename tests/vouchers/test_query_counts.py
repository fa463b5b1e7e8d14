"""No list page or list endpoint of vouchers does a query per row (N+1).

The viewer is a platform operator who is also a member of the Suzhou SME and an admin of the Pudong lab,
so every list has rows: programmes, applications, vouchers, reservations, claims, figures. Each list is
fetched with a few rows and again with many more; the number of queries must not grow.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership, Organisation
from innobelt.vouchers import domain
from innobelt.vouchers.domain.spending import _settle
from innobelt.vouchers.models import LedgerEntry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.vouchers.conftest import booking, issue

URLS = [
    "/vouchers/",
    "/vouchers/applications/",
    "/vouchers/claims/",
    "/vouchers/figures/",
    "/vouchers/figures/city-pairs.csv",
    "/vouchers/{voucher}/",
    "/vouchers/programmes/{programme}/",
    "/api/v1/vouchers/programmes",
    "/api/v1/vouchers/applications",
    "/api/v1/vouchers",
    "/api/v1/vouchers/{voucher}",
    "/api/v1/vouchers/reservations",
    "/api/v1/vouchers/claims",
    "/api/v1/vouchers/figures/city-pairs",
]


class Rows:
    def __init__(self, scene):
        self.scene, self.made = scene, 0
        self.viewer = UserFactory(is_platform_operator=True)
        MembershipFactory(user=self.viewer, organisation=scene.sme)
        MembershipFactory(user=self.viewer, organisation=scene.lab, role=Membership.Role.ADMIN)
        self.voucher = issue(scene, 100_000_00)

    def add(self, n):
        scene = self.scene
        for _ in range(n):
            firm = OrganisationFactory(kind=Organisation.Kind.SME, city=scene.suzhou, verification="verified")
            member = MembershipFactory(organisation=firm).user
            domain.apply_for_voucher(
                actor=member, programme=scene.programme, organisation=firm, requested_fen=100_00, purpose="x"
            )
            issue(scene, 1_00)
            for spend in (self.voucher, issue(scene, 1_000_00)):
                reservation, _ = domain.reserve_voucher(
                    actor=scene.sme_member,
                    voucher=spend,
                    booking=booking(scene, self.made),
                    idempotency_key=f"q{self.made}",
                )
                self.made += 1
                with transaction.atomic():
                    _settle(reservation, LedgerEntry.Kind.REDEEM, actor=None)
            domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
            booking(scene, self.made)  # a booking still to pay: the voucher page quotes it
            self.made += 1


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_voucher_lists_query_count_does_not_grow_with_rows(scene):
    rows = Rows(scene)
    client = Client()
    client.force_login(rows.viewer)
    urls = [u.format(voucher=rows.voucher.pk, programme=scene.programme.pk) for u in URLS]
    rows.add(2)
    few = {url: count(client, url) for url in urls}
    rows.add(6)
    many = {url: count(client, url) for url in urls}
    assert many == few
