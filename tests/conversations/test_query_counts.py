"""The list and thread pages and endpoints do not query per row (N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.conversations import domain
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _grow(scene, n):
    for _ in range(n):
        other = OrganisationFactory()
        writer = MembershipFactory(organisation=other).user
        thread, _ = domain.start_thread(actor=writer, from_org=other, to_org=scene.firm, body="Hello")
        domain.post_message(actor=scene.firm_member, thread=thread, body="Hi back")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/conversations/", "/api/v1/conversations", "/conversations/{thread}/", "/api/v1/conversations/{thread}"])
def test_queries_do_not_grow_with_rows(scene, url):
    main, _ = domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.firm, body="First")
    client = Client()
    client.force_login(scene.firm_admin)
    _grow(scene, 2)
    for _ in range(2):
        domain.post_message(actor=scene.lab_admin, thread=main, body="more")
    _count(client, url.format(thread=main.pk))  # the first reading of a thread creates the read marker
    few = _count(client, url.format(thread=main.pk))
    _grow(scene, 6)
    for _ in range(6):
        domain.post_message(actor=scene.lab_member, thread=main, body="more")
    assert _count(client, url.format(thread=main.pk)) == few
