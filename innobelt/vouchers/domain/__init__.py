"""State changes of innovation vouchers: programmes and applications, spending, claims."""

from innobelt.vouchers.domain.claims import answer_claim, ask_for_more, decide_claim, submit_claim
from innobelt.vouchers.domain.programmes import (
    BudgetExhausted,
    accept_programme,
    apply_for_voucher,
    approve_application,
    close_programme,
    create_programme,
    expire_vouchers,
    reject_application,
)
from innobelt.vouchers.domain.sample_spending import reserve_for_sample_job
from innobelt.vouchers.domain.spending import (
    InsufficientBalance,
    redeem_due,
    release_reservation,
    release_stale,
    reserve_paid,
    reserve_voucher,
)

__all__ = [
    "BudgetExhausted",
    "InsufficientBalance",
    "accept_programme",
    "answer_claim",
    "apply_for_voucher",
    "approve_application",
    "ask_for_more",
    "close_programme",
    "create_programme",
    "decide_claim",
    "expire_vouchers",
    "redeem_due",
    "reject_application",
    "release_reservation",
    "release_stale",
    "reserve_for_sample_job",
    "reserve_paid",
    "reserve_voucher",
    "submit_claim",
]
