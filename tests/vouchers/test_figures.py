"""Redemptions by city pair (issuing authority → where spent), net of claw-backs and with what was settled, on the
operators' figures page and as XLSX and CSV downloads (issue 23: "every figure is exportable")."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone, translation

from innobelt.vouchers.domain.claw_backs import claw_back
from innobelt.vouchers.domain.settlement import close_period
from innobelt.vouchers.queries import city_pairs
from tests.vouchers.conftest import issue
from tests.vouchers.test_settlement import SHARE, claimed, redeemed

pytestmark = pytest.mark.django_db


def test_city_pairs_net_of_claw_backs_with_what_was_settled_page_and_downloads(scene):
    voucher = issue(scene, 5_000_00)
    first = redeemed(scene, voucher, 0, days_ago=5)
    redeemed(scene, voucher, 1, days_ago=5)
    claimed(scene)
    today = timezone.localdate()
    close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today - timedelta(days=10),
                 ends_on=today - timedelta(days=1))
    claw_back(actor=scene.suzhou_operator, reservation=first, amount_fen=50_00, reason="Overbilled.")
    pairs = city_pairs(scene.suzhou_operator)
    assert [(p["issuer_en"], p["spent_en"], p["count"], p["amount_fen"], p["settled_fen"]) for p in pairs] == [
        ("Suzhou", "Pudong", 2, 2 * SHARE - 50_00, 2 * SHARE)]  # the claw-back is on the next statement
    assert city_pairs(scene.pudong_operator) == pairs  # where it was spent sees it too

    client = Client()
    client.force_login(scene.suzhou_operator)
    page = client.get("/en/vouchers/figures/").content.decode()
    assert "650.00" in page and "700.00" in page and "/vouchers/figures/city-pairs.csv" in page
    with translation.override("zh-hans"):
        answer = client.get("/vouchers/figures/city-pairs.csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows == [["发券单位", "使用地", "跨城市", "兑付笔数", "金额（元）", "已结算（元）"],
                    ["苏州市", "浦东新区", "是", "2", "650.00", "700.00"]]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/en/vouchers/figures/city-pairs.xlsx").content))
    sheet = book.active
    assert [c.value for c in sheet[2]][:4] == ["Suzhou", "Pudong", "yes", 2]
    assert client.get("/en/vouchers/figures/city-pairs.pdf").status_code == 404
    api = client.get("/api/v1/vouchers/figures/city-pairs").json()
    assert [(p["count"], p["amount_fen"], p["settled_fen"]) for p in api] == [(2, 2 * SHARE - 50_00, 2 * SHARE)]
    firm = Client()
    firm.force_login(scene.sme_admin)
    assert firm.get("/en/vouchers/figures/city-pairs.csv").status_code == 403
