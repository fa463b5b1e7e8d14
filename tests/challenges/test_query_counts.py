"""No list page or list endpoint of needs does a query per row (N+1).

Each list is fetched with a few rows and again with many more; the number of queries must not grow. The
viewer is an admin of the verified owner firm and a member of a verified startup, so every list (needs of
their organisations with answers, answers they sent, the public list, a need's answers) has rows.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.files.domain import save_upload
from innobelt.organisations.models import Membership, Organisation
from tests.challenges.factories import ChallengeFactory, NeedFactory, NeedInterestFactory, ProposalFactory
from tests.factories import IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URLS = [
    "/needs/",
    "/en/needs/?q=need",
    "/needs/mine/",
    "/needs/{main}/",
    "/api/v1/needs",
    "/api/v1/needs?q=need",
    "/api/v1/needs/{main}/interests",
    "/api/v1/challenges",
    "/api/v1/challenges?q=challenge",
    "/api/v1/challenges/{challenge}/proposals",
]


class Rows:
    def __init__(self):
        verified = Organisation.Verification.VERIFIED
        self.viewer = UserFactory()
        self.owner = OrganisationFactory(verification=verified)
        MembershipFactory(user=self.viewer, organisation=self.owner, role=Membership.Role.ADMIN)
        self.startup = OrganisationFactory(verification=verified)
        MembershipFactory(user=self.viewer, organisation=self.startup)
        self.industries = [IndustryFactory(), IndustryFactory()]
        self.main = NeedFactory(owner=self.owner, industries=self.industries)
        self.challenge = ChallengeFactory(owner=self.owner)

    def add(self, n):
        for _ in range(n):
            other = NeedFactory(owner=self.owner, industries=self.industries, confidentiality="verified")
            NeedInterestFactory(need=other, organisation=OrganisationFactory())
            NeedInterestFactory(need=self.main, organisation=OrganisationFactory())
            theirs = NeedFactory(owner=OrganisationFactory(), industries=self.industries)
            NeedInterestFactory(need=theirs, organisation=self.startup, submitted_by=self.viewer)
            ChallengeFactory(owner=OrganisationFactory(), industries=self.industries)
            proposal = ProposalFactory(challenge=self.challenge, organisation=OrganisationFactory())
            proposal.attachments.add(
                save_upload(actor=self.viewer, organisation=proposal.organisation, kind="document", upload=SimpleUploadedFile("p.pdf", PDF))
            )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("template", URLS)
def test_need_list_query_count_does_not_grow_with_rows(template):
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    url = template.format(main=rows.main.pk, challenge=rows.challenge.pk)
    rows.add(2)
    few = count(client, url)
    rows.add(8)
    many = count(client, url)
    assert many == few, f"{template}: {few} queries with 2 rows, {many} with 10"
