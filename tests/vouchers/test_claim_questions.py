"""The issuing authority's third answer to a claim: ask for more evidence. The claim is not settled meanwhile; the
claimant answers on the claim's page or through the API and the claim waits for a decision again (issue 23,
"approves, rejects with a reason or asks for more")."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.audit.models import AuditEntry
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.models import Notification
from innobelt.vouchers import domain
from innobelt.vouchers.domain.settlement import close_period
from innobelt.vouchers.models import Claim
from tests.vouchers.conftest import issue
from tests.vouchers.test_settlement import claimed, redeemed

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_asked_answered_then_approved_and_not_settled_while_asked(scene):
    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0, days_ago=3)
    claim = claimed(scene, approve=False)

    asked = domain.ask_for_more(actor=scene.suzhou_operator, claim=claim, question="Send the check-in record.")
    assert (asked.status, asked.question, asked.decided_by) == ("more_asked", "Send the check-in record.",
                                                                scene.suzhou_operator)
    assert Notification.objects.filter(recipient=scene.lab_admin, kind="vouchers.claim_decided").exists()
    with pytest.raises(ConflictError):  # not decided while the question is open
        domain.decide_claim(actor=scene.suzhou_operator, claim=claim, approve=True)
    today = timezone.localdate()
    period = close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today - timedelta(days=10),
                          ends_on=today - timedelta(days=1))
    assert not period.lines.exists()  # a claim asked about is not settled

    answered = domain.answer_claim(actor=scene.lab_admin, claim=claim, answer="Checked in at 09:02 by QR code.")
    assert (answered.status, answered.answer, answered.decided_by) == ("submitted", "Checked in at 09:02 by QR code.", None)
    assert Notification.objects.filter(recipient=scene.suzhou_operator, kind="vouchers.claim_received").count() == 2
    approved = domain.decide_claim(actor=scene.suzhou_operator, claim=claim, approve=True)
    assert (approved.status, approved.question, approved.answer) == ("approved", "Send the check-in record.",
                                                                     "Checked in at 09:02 by QR code.")
    actions = list(AuditEntry.objects.filter(action__startswith="vouchers.claim_").values_list("action", flat=True)
                   .order_by("pk"))
    assert actions == ["vouchers.claim_submitted", "vouchers.claim_more_asked", "vouchers.claim_answered",
                       "vouchers.claim_approved"]


def test_who_may_ask_and_answer_and_when(scene):
    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0)
    claim = claimed(scene, approve=False)
    with pytest.raises(PermissionDenied):
        domain.ask_for_more(actor=scene.lab_admin, claim=claim, question="?")
    with pytest.raises(PermissionDenied):
        domain.ask_for_more(actor=scene.pudong_operator, claim=claim, question="?")
    with pytest.raises(ValidationError):
        domain.ask_for_more(actor=scene.suzhou_operator, claim=claim, question="  ")
    with pytest.raises(ConflictError):  # nothing asked yet
        domain.answer_claim(actor=scene.lab_admin, claim=claim, answer="Here.")
    domain.ask_for_more(actor=scene.suzhou_operator, claim=claim, question="The outcome report?")
    with pytest.raises(ConflictError):  # asked already: not waiting for a decision
        domain.ask_for_more(actor=scene.suzhou_operator, claim=claim, question="Again?")
    with pytest.raises(PermissionDenied):  # the operator does not answer for the provider
        domain.answer_claim(actor=scene.suzhou_operator, claim=claim, answer="Here.")
    with pytest.raises(PermissionDenied):
        domain.answer_claim(actor=scene.sme_admin, claim=claim, answer="Here.")
    with pytest.raises(ValidationError):
        domain.answer_claim(actor=scene.lab_admin, claim=claim, answer="")
    assert Claim.objects.get(pk=claim.pk).status == "more_asked"


def test_the_page_and_the_api(scene):
    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0)
    claim = claimed(scene, approve=False)
    operator, provider = _client(scene.suzhou_operator), _client(scene.lab_admin)
    page = f"/vouchers/claims/{claim.pk}/"
    assert 'id="ask-for-more"' in operator.get(page).content.decode()
    refused = operator.post(f"{page}decide/", {"decision": "more", "question": ""})
    assert refused.status_code == 302 and Claim.objects.get(pk=claim.pk).status == "submitted"
    operator.post(f"{page}decide/", {"decision": "more", "question": "Photos of the samples, please."})
    assert Claim.objects.get(pk=claim.pk).status == "more_asked"
    with translation.override("zh-hans"):
        shown = provider.get(page).content.decode()
    assert "Photos of the samples, please." in shown and 'id="answer-claim"' in shown and "补充" in shown
    assert 'id="answer-claim"' not in operator.get(page).content.decode()
    assert provider.post(f"{page}answer/", {"answer": "Six photos uploaded to the job."}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "submitted"

    api = f"/api/v1/vouchers/claims/{claim.pk}"
    asked = operator.post(f"{api}/ask-for-more", {"question": "And the invoice?"}, content_type="application/json")
    assert asked.status_code == 200 and (asked.json()["status"], asked.json()["question"]) == ("more_asked", "And the invoice?")
    again = operator.post(f"{api}/ask-for-more", {"question": "More?"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    answered = provider.post(f"{api}/answer", {"answer": "Invoice no. 42."}, content_type="application/json")
    assert answered.status_code == 200 and (answered.json()["status"], answered.json()["answer"]) == ("submitted", "Invoice no. 42.")
    assert operator.post(f"{api}/approve", content_type="application/json").json()["status"] == "approved"
