"""Issue 19, bug 4: a notification's link opens in the reader's language, not in the language of the
person whose action sent it (innobelt/notifications/links.py)."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client, override_settings

from innobelt.kit.language_paths import language_neutral
from innobelt.notifications.links import localise
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.models import AccessRequest
from tests.factories import AccessRequestFactory, MembershipFactory, OrganisationFactory, ResourceFactory

SITE = "https://innobelt.example.cn"


def test_language_neutral_strips_only_a_language_prefix():
    assert language_neutral("/en/resources/requests/5/") == "/resources/requests/5/"
    assert language_neutral("/en") == language_neutral("/en/") == "/"
    assert language_neutral("/en/?q=1") == "/?q=1"
    assert language_neutral("/english/") == "/english/" and language_neutral("/resources/") == "/resources/"
    assert language_neutral("https://example.com/en/x") == "https://example.com/en/x"


def test_localise_puts_the_reader_s_prefix_on_pages_only():
    assert localise("/en/resources/", "zh-hans") == "/resources/"
    assert localise("/resources/?q=a#top", "en") == "/en/resources/?q=a#top"
    assert localise("/en/resources/", "en") == "/en/resources/"
    assert localise("/api/v1/me/notifications", "en") == "/api/v1/me/notifications"  # no English API path
    assert localise("https://example.com/x", "en") == "https://example.com/x" and localise("", "en") == ""


def href_of(page: str, subject_part: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    return next(a["href"] for a in soup.select("table.data a") if subject_part in a.get_text())


@pytest.mark.django_db
@override_settings(SITE_URL=SITE)
def test_an_approval_made_in_english_links_a_chinese_reader_to_the_chinese_page(django_capture_on_commit_callbacks):
    owner_org = OrganisationFactory(kind=Organisation.Kind.LABORATORY)
    owner = MembershipFactory(organisation=owner_org, role=Membership.Role.ADMIN, user__preferred_language="en").user
    seeker_org = OrganisationFactory(kind=Organisation.Kind.SME, city=owner_org.city)
    seeker = MembershipFactory(organisation=seeker_org, user__preferred_language="zh-hans").user
    request = AccessRequestFactory(resource=ResourceFactory(owner=owner_org), organisation=seeker_org, requested_by=seeker,
                                   status=AccessRequest.Status.PENDING)
    as_owner = Client()
    as_owner.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        as_owner.post(f"/en/resources/requests/{request.pk}/approve/", {"note": "Welcome"})  # acting in English
    assert AccessRequest.objects.get(pk=request.pk).status == "approved"
    chinese_path = f"/resources/requests/{request.pk}/"
    assert Notification.objects.get(recipient=seeker).link == chinese_path  # stored without a language
    assert [m.body.splitlines()[-1] for m in mail.outbox if m.to == [seeker.email]] == [SITE + chinese_path]

    as_seeker = Client()
    as_seeker.force_login(seeker)
    assert href_of(as_seeker.get("/inbox/").content.decode(), "") == chinese_path
    # The same reader in the English inbox opens the English page.
    Notification.objects.update(read_at=None)
    assert href_of(as_seeker.get("/en/inbox/").content.decode(), "") == "/en" + chinese_path


@pytest.mark.django_db
def test_an_old_link_stored_with_a_prefix_still_follows_the_reader():
    from tests.factories import UserFactory

    reader = UserFactory()
    Notification.objects.create(recipient=reader, kind="old", subject="Old", link="/en/resources/")
    client = Client()
    client.force_login(reader)
    assert href_of(client.get("/inbox/").content.decode(), "Old") == "/resources/"
