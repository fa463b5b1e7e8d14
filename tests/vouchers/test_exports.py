"""Downloads of the claim list and of the vouchers issued under a programme (XLSX and CSV through kit.spreadsheets):
exact yuan, each reader's own rows only, headers in the reader's language."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from innobelt.vouchers import domain
from innobelt.vouchers.domain.spending import _settle
from innobelt.vouchers.models import LedgerEntry
from tests.factories import MembershipFactory, OrganisationFactory
from tests.vouchers.conftest import booking, issue

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_claim_list_downloads_for_the_provider_and_the_issuing_authority(scene):
    from django.db import transaction

    voucher = issue(scene, 1_000_00)
    reservation, _created = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene),
                                                   idempotency_key="e-1")
    with transaction.atomic():
        _settle(reservation, LedgerEntry.Kind.REDEEM, actor=None)
    claim = domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    rows = _csv(_client(scene.lab_admin).get("/en/vouchers/claims.csv"))
    assert rows[0][:3] == ["Claim", "Programme", "Issued by"]
    assert rows[1][0] == str(claim.pk) and rows[1][3] == "Pudong Lab" and rows[1][6] == "350.00"
    xlsx = _client(scene.suzhou_operator).get("/vouchers/claims.xlsx")  # Chinese headers, the default language
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "申请结算"
    assert Decimal(str(values[1][6])) == Decimal("350.00") and len(values) == 2
    outsider = OrganisationFactory(city=scene.pudong)
    admin = MembershipFactory(organisation=outsider, role="admin").user
    assert _csv(_client(admin).get("/en/vouchers/claims.csv")) == [rows[0]]  # another provider: no rows
    assert _client(scene.sme_member).get("/en/vouchers/claims.csv").status_code == 403
    assert _client(scene.lab_admin).get("/en/vouchers/claims.pdf").status_code == 404


def test_the_vouchers_issued_under_a_programme_download_for_its_operators(scene):
    voucher = issue(scene, 1_000_00)
    domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene), idempotency_key="e-2")
    url = f"/en/vouchers/programmes/{scene.programme.pk}/vouchers.csv"
    rows = _csv(_client(scene.suzhou_operator).get(url))
    assert rows[0] == ["Voucher", "Firm", "Issued (CNY)", "Issued on", "Valid until", "Status", "Available (CNY)",
                       "Reserved (CNY)", "Redeemed (CNY)", "Balance (CNY)"]
    assert rows[1][:3] == [str(voucher.pk), "Suzhou Sensors", "1000.00"]
    assert rows[1][4] == voucher.expires_on.isoformat()
    assert rows[1][6:] == ["650.00", "350.00", "0.00", "1000.00"]
    xlsx = _client(scene.suzhou_operator).get(url.replace(".csv", ".xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [voucher.pk]
    page = _client(scene.suzhou_operator).get(f"/en/vouchers/programmes/{scene.programme.pk}/").content.decode()
    assert f'href="/en/vouchers/programmes/{scene.programme.pk}/vouchers.xlsx"' in page
    for person in (scene.pudong_operator, scene.sme_admin, scene.lab_admin):  # they see the programme, not its list
        assert _client(person).get(url).status_code == 403
