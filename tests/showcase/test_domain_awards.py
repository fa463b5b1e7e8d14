from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.organisations.models import Organisation
from innobelt.showcase import queries
from innobelt.showcase.domain.awards import (
    assign_reviewer,
    decide_nomination,
    declare_conflict,
    define_programme,
    nominate,
    score_nomination,
    set_programme_status,
    total_score,
)
from innobelt.showcase.models import AwardProgramme, Nomination
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
CST = timezone(timedelta(hours=8))


@pytest.fixture
def setup(db):
    pudong = CityFactory()
    operator = UserFactory(operator_for=[pudong])
    incubator = OrganisationFactory(kind=Organisation.Kind.INCUBATOR, city=pudong)
    admin = MembershipFactory(organisation=incubator, role="admin").user
    programme = define_programme(
        actor=operator,
        city=pudong,
        kind="incubator",
        title_zh="优秀创新孵化器",
        title_en="Outstanding Incubator",
        year=2026,
        eligible_kinds=["incubator"],
        opens_at=datetime(2026, 1, 1, 9, tzinfo=CST),
        closes_at=datetime(2099, 12, 31, 17, tzinfo=CST),
        evidence_from=date(2025, 1, 1),
        evidence_to=date(2025, 12, 31),
        criteria=[
            {"name_en": "Sharing", "weight": 70, "evidence": "hours_shared"},
            {"name_en": "Impact", "weight": 30},
        ],
    )
    return pudong, operator, incubator, admin, programme


def test_weights_must_add_up_and_only_operators_define(setup):
    pudong, operator, _incubator, admin, _programme = setup
    with pytest.raises(ValidationError):
        define_programme(
            actor=operator,
            city=pudong,
            kind="other",
            title_en="X",
            year=2026,
            opens_at=datetime(2026, 1, 1, 9, tzinfo=CST),
            closes_at=datetime(2026, 2, 1, 9, tzinfo=CST),
            evidence_from=date(2025, 1, 1),
            evidence_to=date(2025, 12, 31),
            criteria=[{"name_en": "A", "weight": 60}],
        )
    with pytest.raises(PermissionDenied):
        define_programme(actor=admin, city=pudong, kind="other", title_en="X", year=2026, criteria=[])
    with pytest.raises(PermissionDenied):
        define_programme(actor=operator, city=None, kind="other", title_en="X", year=2026, criteria=[])


def test_nominate_review_score_award_and_publish(setup):
    _pudong, operator, incubator, admin, programme = setup
    with pytest.raises(ValidationError):
        nominate(actor=admin, programme=programme, organisation=incubator)  # still a draft
    programme = set_programme_status(actor=operator, programme=programme, status="open")
    nomination = nominate(actor=admin, programme=programme, organisation=incubator, statement="We incubate.")
    assert {item["key"] for item in nomination.evidence} >= {"hours_shared", "smes_served", "events_held"}
    assert not nomination.by_operator
    with pytest.raises(ValidationError):
        nominate(actor=operator, programme=programme, organisation=incubator)  # once
    firm = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM)
    with pytest.raises(ValidationError):
        nominate(actor=operator, programme=programme, organisation=firm)  # not eligible

    first, second, conflicted = UserFactory(), UserFactory(), UserFactory()
    for reviewer in (first, second, conflicted):
        assign_reviewer(actor=operator, nomination=nomination, reviewer=reviewer)
    with pytest.raises(ValidationError):
        assign_reviewer(actor=operator, nomination=nomination, reviewer=admin)
    assert list(queries.visible_nominations(first)) == [nomination]
    assert not queries.visible_nominations(UserFactory()).exists()

    sharing, impact = programme.criteria.all()
    score_nomination(actor=first, nomination=nomination, scores={sharing.pk: 8, impact.pk: 5})
    score_nomination(actor=second, nomination=nomination, scores={sharing.pk: 9, impact.pk: 10})
    score_nomination(actor=conflicted, nomination=nomination, scores={sharing.pk: 0, impact.pk: 0})
    declare_conflict(actor=conflicted, nomination=nomination, note="I advise them.")
    with pytest.raises(PermissionDenied):
        score_nomination(actor=conflicted, nomination=nomination, scores={sharing.pk: 1, impact.pk: 1})
    with pytest.raises(ValidationError):
        score_nomination(actor=first, nomination=nomination, scores={sharing.pk: 11, impact.pk: 1})
    # (70×8 + 30×5)/10 = 71.00 and (70×9 + 30×10)/10 = 93.00: the mean is 82.00
    assert total_score(queries.nomination_or_404(operator, nomination.pk)) == Decimal("82.00")

    with pytest.raises(ValidationError):
        decide_nomination(actor=operator, nomination=nomination, award=True)  # still open
    programme = set_programme_status(actor=operator, programme=programme, status="closed")
    with pytest.raises(PermissionDenied):
        decide_nomination(actor=first, nomination=nomination, award=True)
    decide_nomination(actor=operator, nomination=nomination, award=True)
    assert not queries.awarded().exists()  # not before the results are published
    set_programme_status(actor=operator, programme=programme, status="published")
    assert list(queries.awarded(organisation=incubator)) == [Nomination.objects.get(pk=nomination.pk)]
    assert AwardProgramme.objects.get(pk=programme.pk).published_at is not None
