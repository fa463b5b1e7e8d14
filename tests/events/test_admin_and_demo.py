"""The operators' admin of events (scoped to a district operator's cities) and the demo data."""

import pytest
from django.test import Client

from innobelt.events.models import Event, EventMeetingRequest, Pitch, PitchRating, Registration
from innobelt.events.queries import attendance_figures
from tests.factories import CityFactory, EventFactory, RegistrationFactory, UserFactory


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_district_operator_sees_and_changes_only_the_events_of_their_city():
    here, there = CityFactory(), CityFactory()
    mine, theirs = EventFactory(city=here, title_en="Here event"), EventFactory(city=there, title_en="There event")
    RegistrationFactory(event=mine), RegistrationFactory(event=theirs)
    client = admin_client(UserFactory(operator_for=[here]))
    listing = client.get("/en/admin/events/event/").content.decode()
    assert "Here event" in listing and "There event" not in listing
    assert client.get(f"/en/admin/events/event/{mine.pk}/change/").status_code == 200
    assert client.get(f"/en/admin/events/event/{theirs.pk}/change/").status_code == 302  # out of scope: sent away
    assert client.get("/en/admin/events/registration/").context["cl"].result_count == 1
    assert admin_client(UserFactory()).get("/en/admin/events/event/").status_code == 302


@pytest.mark.django_db
def test_the_admin_action_publishes_through_the_domain():
    from innobelt.audit.models import AuditEntry

    draft = EventFactory(status="draft", published_at=None)
    client = admin_client(UserFactory(is_platform_operator=True, is_staff=True))
    client.post("/en/admin/events/event/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published"
    assert AuditEntry.objects.filter(action="event.published", target_id=str(draft.pk)).count() == 1


def test_the_demo_shows_the_innovation_day_a_roadshow_and_a_full_summit_and_loads_twice(belt):
    from innobelt.web.demo import load_demo

    day = Event.objects.get(title_en="Technology and Industrial Collaborative Innovation Day")
    assert (day.kind, day.organiser.slug, day.city.slug, day.status) == ("innovation_day", "putuo-collaborative-innovation-center", "putuo",
                                                                         "published")
    crowd = day.registrations.filter(user__email__endswith="@demo.innobelt.local")  # the 1:1 meetings demo adds its own people
    assert (crowd.count(), crowd.filter(checked_in_at__isnull=False).count()) == (56, 52)  # over 50 companies took part
    assert crowd.filter(organisation__is_synthetic=False).count() == 0  # the seed does not say which: generated ones only
    assert attendance_figures(day)["checked_in"] >= 52
    summit = Event.objects.get(kind="summit")
    assert (summit.registrations.filter(status="confirmed").count(), summit.registrations.filter(status="waitlisted").count()) == (40, 5)
    assert list(Pitch.objects.order_by("pk").values_list("status", flat=True)) == ["selected", "selected", "submitted"]
    counts = (Event.objects.count(), Registration.objects.count(), Pitch.objects.count(), PitchRating.objects.count(),
              EventMeetingRequest.objects.count(), day.sessions.count())
    assert counts[2:] == (3, 3, 1, 4)
    load_demo()
    assert (Event.objects.count(), Registration.objects.count(), Pitch.objects.count(), PitchRating.objects.count(),
            EventMeetingRequest.objects.count(), day.sessions.count()) == counts
