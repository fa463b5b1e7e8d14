"""Figures of the showcase (ADR 1201): achievements published (a draft or one in review never counts) and
awards of programmes whose results are published."""

from django.utils.translation import gettext_lazy as _

from innobelt.insights.figures import listing, scoped_link
from innobelt.insights.registry import Figure, register
from innobelt.showcase.models import Achievement, AwardProgramme, Nomination

for figure in [
    Figure(
        "achievements_published",
        _("Achievements published"),
        "showcase",
        lambda: Achievement.objects.filter(status=Achievement.Status.PUBLISHED),
        date_path="published_at",
        city_path="organisation__city",
        org_path="organisation",
        link=scoped_link("showcase:mine", "showcase:gallery"),
    ),
    Figure(
        "awards",
        _("Awards"),
        "showcase",
        lambda: Nomination.objects.filter(status=Nomination.Status.AWARDED, programme__status=AwardProgramme.Status.PUBLISHED),
        date_path="programme__published_at",
        city_path="organisation__city",
        org_path="organisation",
        link=listing("showcase:programme_list"),
    ),
]:
    register(figure)
