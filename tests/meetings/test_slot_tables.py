"""The organiser changes the tables of each slot (or all at once) on the manage page; never
below the meetings already scheduled in a slot, and nothing changes when one slot is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from innobelt.meetings import domain
from innobelt.meetings.models import Meeting, Slot
from innobelt.notifications.models import Notification
from tests.factories import MeetingFactory
from tests.meetings.helpers import admin_of, programme_with, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=5, people=4)
    m1 = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=4)
    m2 = MeetingFactory(programme=programme, slot=slots[0], a=r, b=s, table=5)
    return programme, slots, (p, q, r, s), (m1, m2), admin_of(programme.event.organiser)


def tables_of(slots) -> list[int]:
    return [Slot.objects.get(pk=s.pk).tables for s in slots]


def test_shrinking_moves_meetings_to_free_tables_and_tells_them(placed):
    programme, slots, people, (m1, m2), organiser = placed
    changed = domain.set_slot_tables(actor=organiser, programme=programme, tables={slots[0].pk: 2, slots[1].pk: 3})
    assert [s.pk for s in changed] == [slots[0].pk, slots[1].pk]
    assert tables_of(slots) == [2, 3]
    assert sorted(Meeting.objects.filter(slot=slots[0]).values_list("table", flat=True)) == [1, 2]
    assert Notification.objects.filter(kind="meetings.table_changed").count() == 4


def test_fewer_tables_than_meetings_is_refused_and_nothing_changes(placed):
    programme, slots, _people, _meetings, organiser = placed
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        domain.set_slot_tables(actor=organiser, programme=programme, tables={slots[1].pk: 1, slots[0].pk: 1})
    assert "2 meetings are scheduled in this slot, so it needs at least 2 tables" in " ".join(refused.value.messages)
    assert tables_of(slots) == [5, 5]
    with pytest.raises(ValidationError):
        domain.set_slot_tables(actor=organiser, programme=programme, tables={slots[1].pk: 0})
    other, other_slots, _p = programme_with(slots=1)
    with pytest.raises(ValidationError):  # another programme's slot
        domain.set_slot_tables(actor=organiser, programme=programme, tables={other_slots[0].pk: 3})
    assert tables_of(slots + other_slots) == [5, 5, 1]


def test_the_manage_page_form_per_slot_and_for_all(placed):
    programme, slots, people, _meetings, organiser = placed
    client = Client()
    client.force_login(organiser)
    url = f"/en/meetings/{programme.event_id}/slots/tables/"
    page = client.get(f"/en/meetings/{programme.event_id}/manage/").content.decode()
    assert f'name="slot-{slots[0].pk}"' in page and 'id="tables-form"' in page
    response = client.post(url, {f"slot-{slots[1].pk}": "7"}, follow=True)
    assert tables_of(slots) == [5, 7]
    assert "Slots whose tables changed: 1." in response.content.decode()
    response = client.post(url, {"all": "1"}, follow=True)
    assert tables_of(slots) == [5, 7]
    assert "needs at least 2 tables" in response.content.decode()
    client.post(url, {"all": "3"})
    assert tables_of(slots) == [3, 3]


def test_the_error_is_translated(placed):
    programme, slots, _people, _meetings, organiser = placed
    client = Client()
    client.force_login(organiser)
    response = client.post(f"/meetings/{programme.event_id}/slots/tables/", {"all": "1"}, follow=True)
    assert "需要至少 2 张桌" in response.content.decode()


def test_participants_cannot_change_tables(placed):
    programme, slots, (p, *_rest), _meetings, _organiser = placed
    client = Client()
    client.force_login(user_of(p))
    assert client.post(f"/en/meetings/{programme.event_id}/slots/tables/", {"all": "9"}).status_code == 404
    assert tables_of(slots) == [5, 5]


def test_the_api_sets_one_slots_tables_with_a_structured_refusal(placed):
    from innobelt.accounts.domain import create_api_token

    programme, slots, _people, _meetings, organiser = placed
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=organiser, name='t')[1]}"}
    url = f"/api/v1/meeting-programmes/{programme.event_id}/slots/{slots[0].pk}"
    refused = Client().patch(url, data='{"tables": 1}', content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **bearer)
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["code"] == "rejected", error
    assert "needs at least 2 tables" in error["message"] + str(error["fields"])
    assert tables_of(slots) == [5, 5]
    changed = Client().patch(url, data='{"tables": 3}', content_type="application/json", **bearer)
    assert changed.status_code == 200 and changed.json()["tables"] == 3 and tables_of(slots) == [3, 5]
    other, other_slots, _p = programme_with(slots=1)
    elsewhere = f"/api/v1/meeting-programmes/{programme.event_id}/slots/{other_slots[0].pk}"
    assert Client().patch(elsewhere, data='{"tables": 3}', content_type="application/json", **bearer).status_code == 404


def test_a_field_error_reads_with_the_language_s_colon(placed):
    programme, _slots, _people, _meetings, organiser = placed
    client = Client()
    client.force_login(organiser)
    chinese = client.post(f"/meetings/{programme.event_id}/slots/tables/", {"all": "0"}, follow=True).content.decode()
    assert "所有时段的桌数：" in chinese and "所有时段的桌数:" not in chinese
    english = client.post(f"/en/meetings/{programme.event_id}/slots/tables/", {"all": "0"}, follow=True).content.decode()
    assert "Tables in every slot: " in english
