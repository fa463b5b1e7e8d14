"""Invitations of solvers in the admin: read-only, each district operator sees those of their cities' challenges."""

from django.test import Client

from innobelt.challenges.models import SolverInvitation
from tests.challenges.factories import ChallengeFactory
from tests.factories import CityFactory, OrganisationFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_operators_read_the_invitations_of_their_cities_challenges_and_change_nothing(scene):
    here = SolverInvitation.objects.create(
        challenge=ChallengeFactory(owner=scene.owner_org, title_en="Inspect panels"), organisation=scene.solver_org, invited_by=scene.owner_admin
    )
    elsewhere_city = CityFactory()
    elsewhere = SolverInvitation.objects.create(
        challenge=ChallengeFactory(owner=OrganisationFactory(city=elsewhere_city), title_en="Recycle slag"),
        organisation=scene.solver_org,
        invited_by=UserFactory(),
    )
    operator = signed_in(UserFactory(operator_for=[scene.city]))
    listed = operator.get("/admin/challenges/solverinvitation/")
    assert listed.status_code == 200
    assert {r.pk for r in listed.context["cl"].result_list} == {here.pk}
    page = operator.get(f"/admin/challenges/solverinvitation/{here.pk}/change/").content.decode()
    assert scene.solver_org.name_zh in page and 'name="organisation"' not in page  # read-only: no field to change
    assert operator.get(f"/admin/challenges/solverinvitation/{elsewhere.pk}/change/").status_code == 302  # "does not exist"
    assert operator.get("/admin/challenges/solverinvitation/add/").status_code == 403
    chinese = operator.get("/admin/challenges/solverinvitation/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "解决方邀请" in chinese
    platform = signed_in(UserFactory(is_platform_operator=True, is_staff=True))
    assert {r.pk for r in platform.get("/admin/challenges/solverinvitation/").context["cl"].result_list} == {here.pk, elsewhere.pk}
