import pytest

from innobelt.showcase.models import Achievement, AwardProgramme, Nomination
from innobelt.web.demo import load_demo


@pytest.mark.django_db
def test_the_demo_has_results_an_open_programme_and_comacs_achievement():
    summary = load_demo()
    assert summary["published achievements"] == 1
    achievement = Achievement.objects.get(organisation__slug="comac-innovation-valley")
    assert achievement.status == Achievement.Status.PUBLISHED
    assert sorted(link.kind for link in achievement.trail.all()) == ["booking", "booking", "challenge", "proposal"]
    assert AwardProgramme.objects.filter(year=2024, status="published").count() == 3
    assert Nomination.objects.filter(programme__year=2024, status="awarded").count() == 12
    assert AwardProgramme.objects.filter(status="open").count() == 1
