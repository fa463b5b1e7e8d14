"""The operators' admin of cooperation agreements (innobelt/belt/admin.py): a district operator keeps an
agreement in one of their cities and cannot add a city that is not theirs. Moved from tests/organisations/."""

import pytest

from innobelt.belt.models import CooperationAgreement
from tests.admin_helpers import admin_client, admin_form_data, form_errors
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def belt():
    """Pudong and its operator; Baoshan."""
    pudong, baoshan = CityFactory(slug="pudong"), CityFactory(slug="baoshan")
    return type("Belt", (), dict(pudong=pudong, baoshan=baoshan, operator=UserFactory(operator_for=[pudong])))


def change_page(client, obj):
    opts = obj._meta
    return client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")


def test_an_agreement_keeps_a_city_of_the_operator(belt):
    agreement = CooperationAgreement.objects.create(slug="both", name_zh="协议", name_en="Agreement")
    agreement.cities.set([belt.pudong, belt.baoshan])
    client = admin_client(belt.operator)
    page = change_page(client, agreement)
    assert set(page.context["adminform"].form.fields["cities"].queryset) == {belt.pudong, belt.baoshan}  # Baoshan may stay
    data = admin_form_data(page)
    data["cities"] = [str(belt.baoshan.pk)]  # drop their own city: the agreement would leave their admin
    response = client.post(f"/admin/belt/cooperationagreement/{agreement.pk}/change/", data)
    assert response.status_code == 200 and "cities" in form_errors(response)
    assert set(agreement.cities.all()) == {belt.pudong, belt.baoshan}
    other = CityFactory(slug="jiading")
    data["cities"] = [str(belt.pudong.pk), str(other.pk)]  # add a city the agreement did not have: not theirs to add
    response = client.post(f"/admin/belt/cooperationagreement/{agreement.pk}/change/", data)
    assert response.status_code == 200 and "cities" in form_errors(response)
    assert set(agreement.cities.all()) == {belt.pudong, belt.baoshan}
