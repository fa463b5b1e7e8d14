"""The organisations API beyond the permission matrix."""

import pytest
from django.test import Client

from innobelt.organisations.models import Organisation
from tests.factories import CityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/api/v1/organisations", {"kind": "laboratory", "city": "\x00\xbc\xc9", "description_language": "en"}),
    ("post", "/api/v1/organisations", {"kind": "laboratory", "city": "{city}", "industries": ["ai\x00"]}),
    ("patch", "/api/v1/organisations/{org}", {"industries": ["\x00"]}),
])
def test_nul_characters_are_a_400_not_a_database_error(method, path, body):
    """Found by the stateful schemathesis run on PostgreSQL: a NUL in `city` reached the city
    lookup, and PostgreSQL refuses NUL in text (DataError, a 500). The edge refuses them in every
    request (innobelt.web.edge, ADR 0009), naming the field."""
    city, org = CityFactory(), OrganisationFactory()
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(UserFactory(is_platform_operator=True, is_staff=True))
    body = {k: v.replace("{city}", city.slug) if isinstance(v, str) else v for k, v in body.items()}
    before = list(Organisation.objects.values_list("pk", "industries"))
    response = getattr(client, method)(path.format(org=org.slug), body, content_type="application/json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and "NUL characters" in error["message"]
    assert [f["field"] for f in error["fields"]] == [next(k for k, v in body.items() if "\x00" in (v if isinstance(v, str) else "".join(v)))]
    assert list(Organisation.objects.values_list("pk", "industries")) == before
