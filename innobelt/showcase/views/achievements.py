"""The public gallery, drafting an achievement with its trail, and the submit / confirm / review steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.belt.models import City, Industry
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.showcase import queries, trail
from innobelt.showcase.domain import achievements as domain
from innobelt.showcase.forms import AchievementForm
from innobelt.showcase.models import Achievement

PAGE_SIZE = 24


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def gallery(request):
    filters = {
        "query": request.GET.get("q", "")[:200],
        "city": request.GET.get("city", "")[:60],
        "industry": request.GET.get("industry", "")[:60],
        "year": _year(request.GET.get("year", "")),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Achievement.Kind.values else "",
    }
    page = Paginator(queries.gallery(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "showcase/gallery.html",
        {
            "page": page,
            "filters": filters,
            "query_string": query_string.urlencode(),
            "cities": City.objects.order_by("position", "pk"),
            "industries": Industry.objects.order_by("code"),
            "years": queries.gallery_years(),
            "kinds": Achievement.Kind.choices,
            "awards": queries.awarded()[:12],
        },
    )


def trail_for(user, achievement):
    """The trail as the reader sees it: every label; a link only to records the reader may open."""
    links = list(achievement.trail.all())
    records = trail.records_of(links)
    rows = []
    for link in links:
        record = records.get(link.pk)
        kind = trail.KINDS.get(link.kind)
        url = None
        if record is not None and kind is not None and can(user, kind.view_perm, kind.guarded(record)):
            url = kind.url(record)
        rows.append({"link": link, "kind": kind.name if kind else link.kind, "url": url})
    return rows


def achievement_detail(request, pk):
    achievement = queries.achievement_or_404(request.user, pk)
    return render(
        request,
        "showcase/achievement_detail.html",
        {
            "achievement": achievement,
            "trail": trail_for(request.user, achievement),
            "can_change": can(request.user, "showcase.change_achievement", achievement),
            "can_confirm": can(request.user, "showcase.confirm_achievement", achievement),
            "can_review": can(request.user, "showcase.review_achievement", achievement),
        },
    )


@login_required
def mine(request):
    return render(
        request,
        "showcase/mine.html",
        {
            "achievements": queries.my_achievements(request.user),
            "queue": queries.review_queue(request.user),
        },
    )


def _act(request, pk, perm, action, done):
    achievement = queries.achievement_or_404(request.user, pk, perm=perm)
    try:
        action(achievement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(achievement)


@require_POST
@login_required
def submit(request, pk):
    return _act(
        request,
        pk,
        "showcase.change_achievement",
        lambda a: domain.submit_achievement(actor=request.user, achievement=a),
        _("Submitted."),
    )


@require_POST
@login_required
def confirm(request, pk):
    return _act(
        request,
        pk,
        "showcase.confirm_achievement",
        lambda a: domain.confirm_achievement(actor=request.user, achievement=a),
        _("Your organisation's part is confirmed."),
    )


@require_POST
@login_required
def publish(request, pk):
    return _act(
        request,
        pk,
        "showcase.review_achievement",
        lambda a: domain.publish_achievement(actor=request.user, achievement=a),
        _("Published on the showcase."),
    )


@require_POST
@login_required
def send_back(request, pk):
    return _act(
        request,
        pk,
        "showcase.review_achievement",
        lambda a: domain.send_back_achievement(
            actor=request.user, achievement=a, reason=request.POST.get("reason", "")
        ),
        _("Sent back to the organisation."),
    )


@login_required
def new_achievement(request):
    """Draft an achievement for one of the person's organisations (`?organisation=<slug>` picks which)."""
    organisations = list(queries.submitting_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    chosen = request.POST.get("organisation") or request.GET.get("organisation", "")
    organisation = next((org for org in organisations if org.slug == chosen), organisations[0])
    form = AchievementForm(request.POST or None, organisation=organisation, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in AchievementForm.Meta.fields}
        try:
            achievement = domain.draft_achievement(
                actor=request.user,
                organisation=organisation,
                partners=form.cleaned_data["partners"],
                cities=form.cleaned_data["cities"],
                industries=form.cleaned_data["industries"],
                trail_items=form.trail_items(),
                **data,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Drafted. Check it, then submit it for confirmation and review."))
            return redirect(achievement)
    return render(
        request, "showcase/new.html", {"form": form, "organisation": organisation, "organisations": organisations}
    )
