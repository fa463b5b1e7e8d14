"""Pitch decks of funding needs (issue 25; ADR 1001, "Pitch decks").

A startup's people attach one PDF deck to a funding need through the files app (type sniffed from the
content, at most 20 MB: `files.domain.save_upload`); it belongs to the startup and is served only by
financing's own views, which check `financing.download_deck` (rules.may_download_deck): the startup's
people, and the verified investors who may read the need and whom the startup shares the deck with (every
one, or those it chose). Anybody else gets the answer of an unknown id (404).

The investors a deck is shared with are told when it is shared with them or replaced (`_tell_investors`):
those chosen by name, or, when every verified investor may download it, those who asked to meet about the
need (the startup knows them; telling every verified investor would be a broadcast). Removing the deck
(`remove_deck`) deletes the file and keeps it to the team again until a new one is shared.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.files.domain import discard_file, save_upload
from innobelt.financing.models import DeckAudience, FundingNeed, MeetingRequest
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from innobelt.accounts.models import User


def _investors(investors: Iterable[Organisation]) -> list[Organisation]:
    chosen = list(investors)
    verified = Organisation.objects.filter(
        pk__in=[o.pk for o in chosen], kind=Organisation.Kind.INVESTOR, verification=Organisation.Verification.VERIFIED
    )
    if verified.count() != len({o.pk for o in chosen}):
        raise ValidationError({"investors": _("Choose verified investors only.")})
    return chosen


@transaction.atomic
def save_deck(
    *,
    actor: "User",
    need: FundingNeed,
    upload: "UploadedFile | None" = None,
    audience: str | None = None,
    investors: Iterable[Organisation] | None = None,
) -> FundingNeed:
    """Attach (or replace) a funding need's pitch deck and/or say who may download it.

    `upload`: a PDF (checked by the files app: content, not name; size); the previous deck is deleted.
    `audience`: DeckAudience; `investors`: the verified investors chosen (for `chosen`). What is not given
    stays as it was. Raises ValidationError with nothing changed (no deck yet and no file, a file that is not
    a PDF or too large, an unknown audience, an investor not verified). Side effects: the stored file, audit
    entries, the admins of the investors it is newly shared with (all of them when the file is replaced)
    are told.
    """
    require(actor, "financing.share_deck", need)
    need = FundingNeed.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=need.pk)
    if upload is None and need.deck_id is None:
        raise ValidationError({"file": _("Choose the pitch deck, a PDF file.")})
    if audience is not None and audience not in DeckAudience.values:
        raise ValidationError({"audience": _("Unknown choice of who may download the deck.")})
    chosen = _investors(investors) if investors is not None else None
    previous = need.deck
    before = shared_with(need)
    fields = []
    if upload is not None:
        need.deck = save_upload(actor=actor, organisation=need.organisation, kind="document", upload=upload)
        fields.append("deck")
    if audience is not None:
        need.deck_audience = audience
        fields.append("deck_audience")
    if fields:
        need.save(update_fields=fields)
    if chosen is not None:
        need.deck_investors.set(chosen)
    if upload is not None and previous is not None:
        discard_file(actor=actor, stored=previous)
    record_action(
        actor=actor,
        action="financing.deck_saved",
        target=need,
        data={"file": str(need.deck_id), "audience": need.deck_audience, "investors": sorted(o.pk for o in need.deck_investors.all())},
    )
    after = shared_with(need)
    _tell_investors(
        need, after if upload is not None else [o for o in after if o not in before], replaced=upload is not None and previous is not None
    )
    return need


@transaction.atomic
def remove_deck(*, actor: "User", need: FundingNeed) -> FundingNeed:
    """Remove a funding need's pitch deck without replacing it: the file is deleted (its download answers 404
    from then on) and the deck is kept to the team again (no investor chosen), so a later deck is shared
    anew. Raises ValidationError when there is no deck. Side effects: the stored file goes, audit entries.
    """
    require(actor, "financing.share_deck", need)
    need = FundingNeed.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=need.pk)
    previous = need.deck
    if previous is None:
        raise ValidationError({"file": _("There is no pitch deck to remove.")})
    need.deck, need.deck_audience = None, DeckAudience.TEAM
    need.save(update_fields=["deck", "deck_audience"])
    need.deck_investors.clear()
    discard_file(actor=actor, stored=previous)
    record_action(actor=actor, action="financing.deck_removed", target=need, data={"file": str(previous.pk)})
    return need


def shared_with(need: FundingNeed) -> list[Organisation]:
    """The investors told about the need's deck: those chosen by name, or, for every verified investor, those
    who asked to meet about the need; none while there is no deck or investors may not read the need."""
    if need.deck_id is None or need.visibility != FundingNeed.Visibility.INVESTORS or need.status != FundingNeed.Status.OPEN:
        return []
    verified = Organisation.objects.filter(kind=Organisation.Kind.INVESTOR, verification=Organisation.Verification.VERIFIED)
    if need.deck_audience == DeckAudience.CHOSEN:
        return list(verified.filter(pk__in=need.deck_investors.values("pk")).order_by("pk"))
    if need.deck_audience == DeckAudience.INVESTORS:
        return list(verified.filter(pk__in=MeetingRequest.objects.filter(need=need).values("investor")).order_by("pk"))
    return []


def _tell_investors(need: FundingNeed, investors: list[Organisation], *, replaced: bool) -> None:
    """The investors' admins, each in their language (the startup's and the need's names too)."""

    def names() -> dict[str, str]:
        return {"startup": str(need.organisation), "need": need.title}

    for investor in investors:
        notify(
            admins_of(investor),
            kind="financing.deck_shared",
            subject=(
                (lambda: _("%(startup)s replaced its pitch deck for “%(need)s”") % names())
                if replaced
                else (lambda: _("%(startup)s shared its pitch deck for “%(need)s” with you") % names())
            ),
            body=lambda: _("Download it from the funding need's page."),
            link=f"/financing/needs/{need.pk}/",
        )
