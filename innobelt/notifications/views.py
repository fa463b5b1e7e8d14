from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from innobelt.notifications.domain import mark_read
from innobelt.notifications.links import localise
from innobelt.notifications.queries import inbox_of, notification_or_404

SHOWN = 100


@login_required
@require_safe
def inbox(request):
    """The latest messages, each link in the reader's language. Opening the inbox changes nothing (a
    prefetch or any GET must not empty the daily digest): a message is marked read by its own button or by
    "Mark all as read", both POST forms."""
    notifications = list(inbox_of(request.user)[:SHOWN])
    language = get_language()
    for n in notifications:
        n.href = localise(n.link, language)
        n.is_new = n.read_at is None
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_all_read(request):
    mark_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_one_read(request, pk: int):
    """Mark one of one's own messages read (404 for anyone else's)."""
    notification = notification_or_404(request.user, pk)
    mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect("notifications:inbox")
