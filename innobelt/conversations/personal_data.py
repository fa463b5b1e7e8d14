"""The messages a person wrote, in their PIPL export. Erasure keeps them: they are part of a conversation
with another organisation, whose members keep reading it; the author is then the account's pseudonym."""

from innobelt.accounts import personal_data
from innobelt.conversations.models import Message


def _export(user) -> list[dict]:
    return [{"conversation": m.thread_id, "as_organisation": m.author_organisation.slug, "body": m.body,
             "attachment": str(m.attachment_id) if m.attachment_id else None, "written_at": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user).select_related("author_organisation").order_by("created_at", "pk")]


def register() -> None:
    personal_data.register("messages", export=_export)
