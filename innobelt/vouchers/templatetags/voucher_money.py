"""`{{ amount_fen|yuan }}`: integer fen as yuan with two decimals (exact)."""

from django import template

from innobelt.vouchers.models import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "—" if fen is None else "¥" + _yuan(int(fen))
