"""Invitations expire after two weeks (issue 17, item 11)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.organisations import domain
from innobelt.organisations.models import INVITATION_DAYS, Invitation, Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    return domain.invite_member(actor=admin.user, organisation=admin.organisation, email="colleague@example.com")


def test_an_invitation_is_valid_for_two_weeks(invitation):
    assert INVITATION_DAYS == 14
    assert abs(invitation.expires_at - (invitation.created_at + timedelta(days=14))) < timedelta(seconds=5)


def test_an_expired_invitation_is_refused_with_a_clear_message(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    colleague = UserFactory(email="colleague@example.com")
    with translation.override("en"), pytest.raises(ValidationError, match="This invitation has expired"):
        domain.accept_invitation(user=colleague, token=invitation.token)
    assert not Membership.objects.filter(user=colleague).exists()
    client = Client()
    client.force_login(colleague)
    response = client.get(f"/en/organisations/invitations/{invitation.token}/", follow=True)
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()


def test_an_invitation_just_before_its_expiry_is_accepted(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(minutes=1))
    colleague = UserFactory(email="colleague@example.com")
    assert domain.accept_invitation(user=colleague, token=invitation.token).organisation == invitation.organisation


def test_the_organisation_page_shows_open_invitations_and_which_expired(invitation):
    old = Invitation.objects.create(organisation=invitation.organisation, email="late@example.com",
                                    invited_by=invitation.invited_by, expires_at=timezone.now() - timedelta(days=1))
    client = Client()
    client.force_login(invitation.invited_by)
    body = client.get(f"/en/organisations/{invitation.organisation.slug}/").content.decode()
    table = body[body.index('id="invitations"'):]
    rows = table[:table.index("</table>")].split("<tr>")
    late = next(r for r in rows if old.email in r)
    current = next(r for r in rows if invitation.email in r)
    assert "expired" in late and "expired" not in current
    # people who may not invite see no invitations
    outsider = Client()
    outsider.force_login(UserFactory())
    assert invitation.email not in outsider.get(f"/en/organisations/{invitation.organisation.slug}/").content.decode()
