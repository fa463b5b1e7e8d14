"""Figures of what follows a match and of work done for others (ADR 1201): the challenges' pipelines (pilots
started, contracts, investments, pairs declined), sample jobs of the resources register and the City
Alliance's follow-up actions due. Each is one query for the Belt and one for every city together, as every
registered figure; the reasons pairs were declined are a breakdown (`breakdowns.py`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import FollowUpAction
from innobelt.challenges.models import Pipeline, PipelineStep
from innobelt.insights.figures import listing, own_pipelines, scoped_link
from innobelt.insights.registry import Figure, register
from innobelt.resources.models import SampleJob

S = Pipeline.Stage
OWNER = "proposal__challenge__owner"  # a pair sits with the challenge's owner, as its proposals do


def _pilots():
    """Pipelines that started a pilot: the step written when the pair moved to the pilot stage (a pipeline only
    moves forward, so one step a pipeline, whatever it became after: a contract, an investment, declined)."""
    return PipelineStep.objects.filter(stage=S.PILOT)


def _actions_due():
    """Open follow-up actions whose day has come (China time), not done nor dropped."""
    return FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN, due_on__lte=timezone.localdate())


for figure in [
    Figure(
        "pilots_started",
        _("Pilots started"),
        "demand",
        _pilots,
        date_path="at",
        city_path=f"pipeline__{OWNER}__city",
        org_path=f"pipeline__{OWNER}",
        link=own_pipelines(reached=S.PILOT),
    ),
    Figure(
        "contracts_signed",
        _("Contracts after a pilot"),
        "demand",
        lambda: Pipeline.objects.filter(stage=S.CONTRACT),
        date_path="moved_at",  # a final stage: the pair's last step
        city_path=f"{OWNER}__city",
        org_path=OWNER,
        link=own_pipelines(stage=S.CONTRACT),
    ),
    Figure(
        "investments_made",
        _("Investments after a pilot"),
        "demand",
        lambda: Pipeline.objects.filter(stage=S.INVESTMENT),
        date_path="moved_at",
        city_path=f"{OWNER}__city",
        org_path=OWNER,
        link=own_pipelines(stage=S.INVESTMENT),
    ),
    Figure(
        "pipelines_declined",
        _("Proposals and pairs declined"),
        "demand",
        lambda: Pipeline.objects.filter(stage=S.DECLINED),
        date_path="moved_at",
        city_path=f"{OWNER}__city",
        org_path=OWNER,
        link=own_pipelines(stage=S.DECLINED),
    ),
    Figure(
        "sample_jobs",
        _("Sample jobs submitted"),
        "resources",
        lambda: SampleJob.objects.exclude(status=SampleJob.Status.CANCELLED),
        date_path="created_at",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:sample_jobs", "resources:city_figures"),
    ),
    Figure(
        "sample_jobs_completed",
        _("Sample jobs with results delivered"),
        "resources",
        lambda: SampleJob.objects.filter(status__in=SampleJob.DELIVERED),  # results delivered, then perhaps closed
        date_path="completed_at",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:sample_jobs", "resources:city_figures"),
    ),
    Figure(
        "actions_due",
        _("Follow-up actions due and not done"),
        "alliance",
        _actions_due,
        date_path="due_on",
        city_path="owner_city",
        link=listing("belt:agreements"),
    ),
]:
    register(figure)

