"""Pages of conversations: the list, a thread (read and reply), starting one ("Contact"), attachments.

They only translate: look the thread up among the caller's (404 otherwise), call the domain.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from innobelt.conversations import domain, queries
from innobelt.conversations.forms import MessageForm, StartForm
from innobelt.files.domain import file_response
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.queries import my_organisations


@login_required
def thread_list(request):
    threads = list(queries.threads_for(request.user)[:200])
    return render(request, "conversations/list.html", {
        "threads": threads, "unread_count": sum(1 for t in threads if t.unread),
        "my_org_ids": set(my_organisations(request.user).values_list("pk", flat=True)),
    })


def _thread_context(request, thread, form, shown):
    return {"thread": thread, "messages_list": shown, "form": form,
            "my_org_ids": set(my_organisations(request.user).values_list("pk", flat=True))}


@login_required
def thread(request, thread_id):
    found = queries.thread_or_404(request.user, thread_id)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.post_message(actor=request.user, thread=found, body=form.cleaned_data["body"],
                                upload=form.cleaned_data["attachment"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(found)
            form = MessageForm()
    shown = list(queries.messages_of(found))
    if request.method == "GET":  # read up to the last message this page shows, not "now"
        domain.mark_read(actor=request.user, thread=found, up_to=shown[-1] if shown else None)
    template = "conversations/_conversation.html" if request.htmx else "conversations/thread.html"
    return render(request, template, _thread_context(request, found, form, shown),
                  status=400 if form.errors and not request.htmx else 200)


@login_required
@require_POST
def start(request):
    """"Contact": start (or open) the thread with whoever `about` belongs to and go there."""
    form = StartForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    from_org = None
    if data["organisation"]:
        from_org = my_organisations(request.user).filter(pk=data["organisation"]).first()
        if from_org is None:
            raise Http404
    try:
        found, _created = domain.contact(actor=request.user, about=data["about"], from_org=from_org, body=data["body"])
    except domain.NotFound:
        raise Http404 from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = "conversations:list"
        return redirect(back)
    return redirect(found)


@login_required
def attachment(request, thread_id, message_id):
    """A message's file, to the two organisations' members (the file itself stays private to its own)."""
    message = queries.message_with_attachment(request.user, thread_id, message_id)
    if message is None:
        raise Http404
    return file_response(message.attachment)
