"""What "Contact" on a recommended challenge or need is about (conversations' registry): the record as the person
asking may see it, published challenges and open needs only; the thread is with the owner organisation."""

from innobelt.challenges import queries
from innobelt.challenges.models import Challenge, Need
from innobelt.conversations.subjects import Subject, register_subject


def _title(obj) -> str:
    return " / ".join(dict.fromkeys(t for t in (obj.title_zh, obj.title_en) if t)) or str(obj)  # kept in both languages


def challenge_subject(user, pk: str) -> Subject | None:
    challenge = (
        queries.visible_challenges(user).filter(pk=int(pk), status=Challenge.Status.PUBLISHED).select_related("owner").first()
        if pk.isdigit()
        else None
    )
    return Subject(organisation=challenge.owner, record=challenge, title=_title(challenge)) if challenge is not None else None


def need_subject(user, pk: str) -> Subject | None:
    need = queries.visible_needs(user).filter(pk=int(pk), status=Need.Status.OPEN).select_related("owner").first() if pk.isdigit() else None
    return Subject(organisation=need.owner, record=need, title=_title(need)) if need is not None else None


def register_contact() -> None:
    register_subject("challenge", challenge_subject)
    register_subject("need", need_subject)
