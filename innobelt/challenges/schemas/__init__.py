"""Request and response shapes of the challenges API (bodies derive from InputSchema)."""

from innobelt.challenges.schemas.needs import (
    DeclineIn,
    InterestIn,
    InterestOut,
    NeedDetailOut,
    NeedFilters,
    NeedIn,
    NeedOut,
    NeedPage,
    NeedPatch,
    RenewIn,
)

__all__ = ["DeclineIn", "InterestIn", "InterestOut", "NeedDetailOut", "NeedFilters", "NeedIn", "NeedOut", "NeedPage", "NeedPatch", "RenewIn"]
