"""The brochure and the certificate render as PDFs with Chinese text, which a test extracts back."""

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.organisations.models import Organisation
from innobelt.showcase.models import AwardProgramme, Nomination
from tests.factories import OrganisationFactory, ResourceFactory
from tests.showcase.factories import AchievementFactory, NominationFactory, ProgrammeFactory
from tests.showcase.pdf_text import _objects, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def comac(db):
    org = OrganisationFactory(
        kind=Organisation.Kind.LARGE_FIRM, slug="comac", name_zh="中国商飞创新谷", name_en="COMAC Innovation Valley"
    )
    ResourceFactory(owner=org, title_zh="全尺寸风洞", title_en="Full-scale wind tunnel")
    AchievementFactory(organisation=org, title_zh="复合材料在线检测", title_en="In-service composite inspection")
    programme = ProgrammeFactory(
        title_zh="GOI 标杆企业",
        title_en="GOI Exemplar",
        year=2024,
        status=AwardProgramme.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    nomination = NominationFactory(programme=programme, organisation=org, status=Nomination.Status.AWARDED)
    return org, nomination


def test_the_brochure_is_one_page_with_chinese_text(comac):
    org, _nomination = comac
    response = Client().get("/showcase/exhibitors/comac/brochure.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page/") + pdf.count(b"/Type /Page\n") <= 1
    heads = b"".join(head for head, _data in _objects(pdf).values())
    assert b"Noto-Sans-CJK-SC" in heads and b"/FontFile" in heads  # the font is embedded
    text = pdf_text(pdf)
    for expected in ("中国商飞创新谷", "全尺寸风洞", "复合材料在线检测", "GOI 标杆企业", "共享资源"):
        assert expected in text, (expected, text)


def test_the_english_brochure(comac):
    text = pdf_text(Client().get("/en/showcase/exhibitors/comac/brochure.pdf").content)
    assert "中国商飞创新谷" in text and "COMAC Innovation Valley" in text and "Shared resources" in text


def test_the_certificate_has_both_languages(comac):
    _org, nomination = comac
    response = Client().get(f"/showcase/certificates/{nomination.pk}.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in ("荣誉证书", "中国商飞创新谷", "GOI 标杆企业", "COMAC Innovation Valley", "Certificate of Award"):
        assert expected in text, (expected, text)


def test_no_certificate_before_the_results(comac):
    _org, nomination = comac
    AwardProgramme.objects.filter(pk=nomination.programme_id).update(status=AwardProgramme.Status.CLOSED)
    assert Client().get(f"/showcase/certificates/{nomination.pk}.pdf").status_code == 404
