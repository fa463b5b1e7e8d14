from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from innobelt.notifications.domain import mark_read
from innobelt.notifications.links import localise
from innobelt.notifications.queries import inbox_of

SHOWN = 100


@login_required
def inbox(request):
    """The latest messages, each link in the reader's language; opening the inbox marks those shown as
    read (they keep their "new" mark on this page, and the header's count drops to what is left)."""
    notifications = list(inbox_of(request.user)[:SHOWN])
    language = get_language()
    for n in notifications:
        n.href = localise(n.link, language)
        n.is_new = n.read_at is None
    mark_read(user=request.user, notification_ids=[n.pk for n in notifications if n.is_new])
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_all_read(request):
    mark_read(user=request.user)
    return redirect("notifications:inbox")
