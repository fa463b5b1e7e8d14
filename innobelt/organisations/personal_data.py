"""The organisations a person acts for, in their PIPL export; erased with the account (the organisations stay)."""

from innobelt.accounts import personal_data
from innobelt.organisations.models import Membership


def _export(user) -> list[dict]:
    return [{"organisation": m.organisation.slug, "organisation_name": str(m.organisation), "role": m.role,
             "joined_at": m.joined_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("organisation").order_by("joined_at", "pk")]


def _erase(user) -> None:
    Membership.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register("memberships", export=_export, erase=_erase)
