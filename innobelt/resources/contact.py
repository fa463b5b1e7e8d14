"""What "Contact the owner" is about: a resource, as the person asking may see it (conversations' registry)."""

from innobelt.conversations.subjects import Subject, register_subject
from innobelt.resources import queries


def resource_subject(user, pk: str) -> Subject | None:
    resource = queries.resource_detail(user, int(pk)) if pk.isdigit() else None
    if resource is None or not resource.is_published:  # drafts and withdrawn records are nobody's subject
        return None
    title = " / ".join(dict.fromkeys(t for t in (resource.title_zh, resource.title_en) if t))  # kept in both languages
    return Subject(organisation=resource.owner, record=resource, title=title or str(resource))


def register_contact() -> None:
    register_subject("resource", resource_subject)
