"""Pages of talent: positions (GOI participants marked, first where the programme says so), positions for me,
my profile with consent, people, applications and recognitions. They only translate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.belt.models import City
from innobelt.kit.forms import add_validation_errors
from innobelt.kit.request import client_ip
from innobelt.permissions import can
from innobelt.talent import domain, queries
from innobelt.talent.forms import ApplyForm, MoveForm, PositionForm, ProfileForm, RecognitionForm


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _operator_cities(user):
    if not user.is_authenticated:
        return City.objects.none()
    return City.objects.all() if user.is_platform_operator else user.operator_cities.all()


def home(request):
    query = request.GET.get("q", "")[:200]
    return render(request, "talent/home.html", {"positions": queries.ordered_positions(query=query), "q": query})


@login_required
def for_me(request):
    return render(
        request,
        "talent/for_me.html",
        {
            "profile": queries.own_profile(request.user),
            "ranked": queries.positions_for_person(request.user),
            "applications": list(queries.my_applications(request.user)),
        },
    )


@login_required
def my_profile(request):
    profile = queries.own_profile(request.user)
    initial = {"cities": list(profile.cities.all())} if profile else {}
    form = ProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        cities, consent, fields = form.domain_arguments()
        try:
            domain.save_profile(actor=request.user, consent=consent, cities=cities, ip_address=client_ip(request), **fields)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your talent profile was saved."))
            return redirect("talent:for_me")
    return render(request, "talent/profile_form.html", {"form": form, "consents": domain.consents_of(request.user)})


@require_POST
@login_required
def withdraw_consent(request):
    try:
        domain.withdraw_consent(actor=request.user, purpose=request.POST.get("purpose", "")[:50])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Your consent was withdrawn; from now on your profile is not used for it."))
    return redirect("talent:my_profile")


@login_required
def post_position(request):
    organisations = queries.posting_organisations(request.user)
    form = PositionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and organisations.exists() and form.is_valid():
        try:
            position = domain.post_position(actor=request.user, organisation=form.cleaned_data["organisation"], **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The position was posted."))
            return redirect(position)
    return render(request, "talent/position_form.html", {"form": form, "may_post": organisations.exists(), "position": None})


@login_required
def edit_position(request, pk):
    position = queries.position_or_404(request.user, pk, perm="talent.change_position")
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            position = domain.change_position(actor=request.user, position=position, **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The position was saved."))
            return redirect(position)
    return render(request, "talent/position_form.html", {"form": form, "may_post": True, "position": position})


@require_POST
@login_required
def close_position(request, pk):
    position = queries.position_or_404(request.user, pk, perm="talent.change_position")
    try:
        domain.close_position(actor=request.user, position=position)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The position was closed."))
    return redirect(position)


def position_detail(request, pk):
    user = request.user
    position = queries.position_or_404(user, pk)
    employer = can(user, "talent.change_position", position)
    return render(
        request,
        "talent/position_detail.html",
        {
            "position": position,
            "employer": employer,
            "candidates": queries.people_for_position(user, position) if employer else [],
            "applications": list(queries.applications_for(user, position)) if user.is_authenticated else [],
            "apply_form": ApplyForm() if user.is_authenticated and not employer and position.status == "open" else None,
            "prioritised": position.goi_participant and position.city_id in queries.prioritised_cities(),
        },
    )


@require_POST
@login_required
def apply(request, pk):
    position = queries.position_or_404(request.user, pk)
    form = ApplyForm(request.POST)
    try:
        domain.apply_to_position(
            actor=request.user,
            position=position,
            message=form.data.get("message", "")[:2000],
            consent=form.is_valid() and form.cleaned_data["consent"],
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("You applied; the organisation has your profile."))
    return redirect(position)


def people(request):
    query = request.GET.get("q", "")[:200]
    return render(request, "talent/people.html", {"profiles": list(queries.profile_list(request.user, query=query)[:50]), "q": query})


def person_detail(request, pk):
    profile = queries.profile_or_404(request.user, pk)
    cities = _operator_cities(request.user)
    return render(
        request,
        "talent/person_detail.html",
        {
            "profile": profile,
            "recognitions": queries.recognitions_of(profile),
            "recognition_form": RecognitionForm(cities=cities) if cities.exists() else None,
        },
    )


@require_POST
@login_required
def recognise(request, pk):
    profile = queries.profile_or_404(request.user, pk)
    cities = _operator_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = RecognitionForm(request.POST, cities=cities)
    if not form.is_valid():
        messages.error(request, _("Choose the programme and the district, and write the review."))
        return redirect(profile)
    try:
        domain.grant_recognition(actor=request.user, profile=profile, **form.cleaned_data)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The recognition was granted."))
    return redirect(profile)


@login_required
def application_detail(request, pk):
    application = queries.application_or_404(request.user, pk)
    employer = can(request.user, "talent.move_application", application)
    return render(
        request,
        "talent/application_detail.html",
        {
            "application": application,
            "profile": queries.applicant_profile(application),
            "move_form": MoveForm() if employer and application.status not in ("hired", "declined") else None,
        },
    )


@require_POST
@login_required
def move(request, pk):
    application = queries.application_or_404(request.user, pk, perm="talent.move_application")
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the next step."))
        return redirect("talent:application_detail", pk=pk)
    try:
        domain.move_application(actor=request.user, application=application, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The application moved on."))
    return redirect("talent:application_detail", pk=pk)
