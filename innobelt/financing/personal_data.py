"""The funding needs a person posted, in their PIPL export (accounts.personal_data). Erasure keeps them: they
are their organisation's; `posted_by` then points at the account's pseudonym."""

from innobelt.accounts import personal_data
from innobelt.financing.models import FundingNeed


def _export(user) -> list[dict]:
    needs = FundingNeed.objects.filter(posted_by=user).select_related("organisation").order_by("created_at", "pk")
    return [
        {
            "id": n.pk,
            "organisation": n.organisation.slug,
            "title": n.title,
            "stage": n.stage,
            "amount": str(n.amount),
            "use_of_funds": n.use_of_funds,
            "traction": n.traction,
            "status": n.status,
            "posted_at": n.created_at.isoformat(),
        }
        for n in needs
    ]


def register() -> None:
    personal_data.register("funding_needs", export=_export)
