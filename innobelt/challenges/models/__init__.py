"""Models of the demand side: technology needs and the interest others express in them."""

from innobelt.challenges.models.need import Need, NeedInterest

__all__ = ["Need", "NeedInterest"]
