from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innobelt.notifications.domain import mark_read
from innobelt.notifications.models import Notification


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@login_required
@require_POST
def mark_all_read(request):
    mark_read(user=request.user)
    return redirect("notifications:inbox")
