"""Reads scoped to the caller: the threads of a person's organisations, unread first."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from innobelt.conversations.models import Message, ReadMarker, Thread
from innobelt.kit.lookups import or_404
from innobelt.organisations.queries import my_organisations


def threads_for(user) -> QuerySet[Thread]:
    """The threads of the person's organisations, each with `unread` (messages of others since they last
    read it), unread ones first, then the latest. A thread the other organisation started but has not
    written in yet is not listed (there is nothing to read)."""
    orgs = list(my_organisations(user).values_list("pk", flat=True))
    if not orgs:
        return Thread.objects.none()
    read_at = ReadMarker.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_at")[:1]
    others = ~Q(messages__author=user) | Q(messages__author__isnull=True)
    return (Thread.objects.filter(Q(starter_id__in=orgs) | Q(recipient_id__in=orgs))
            .filter(Q(starter_id__in=orgs) | Q(last_message_at__isnull=False))
            .select_related("starter", "recipient")
            .annotate(read_at=Subquery(read_at))
            .annotate(unread=Count("messages", filter=others & (Q(read_at__isnull=True) | Q(messages__created_at__gt=F("read_at")))))
            .annotate(has_unread=Q(unread__gt=0))
            .order_by("-has_unread", F("last_message_at").desc(nulls_last=True), "-created_at"))


def unread_thread_count(user) -> int:
    """How many of the person's threads have messages they have not read."""
    return threads_for(user).filter(Q(unread__gt=0)).count()


def thread_for(user, thread_id: int) -> Thread | None:
    """One thread if the person may read it, else None (404: whether it exists is not told)."""
    orgs = list(my_organisations(user).values_list("pk", flat=True))
    if not orgs:
        return None
    return (Thread.objects.filter(Q(starter_id__in=orgs) | Q(recipient_id__in=orgs), pk=thread_id)
            .select_related("starter", "recipient").first())


def thread_or_404(user, thread_id: int) -> Thread:
    """A thread of one of the caller's organisations; a 404 for everyone else (pages and API alike)."""
    return or_404(thread_for(user, thread_id))


def messages_of(thread: Thread) -> QuerySet[Message]:
    return thread.messages.select_related("author", "author_organisation", "attachment")


def message_with_attachment(user, thread_id: int, message_id: int) -> Message | None:
    thread = thread_for(user, thread_id)
    if thread is None:
        return None
    return thread.messages.filter(pk=message_id, attachment__isnull=False).select_related("attachment").first()
