"""`{% organisation_card %}` answers the HTML of organisations/_card.html, byte for byte (ADR 0024)."""

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import override_settings
from django.utils import translation

from innobelt.belt.models import City, Industry
from innobelt.organisations import queries
from innobelt.organisations.models import Organisation

pytestmark = pytest.mark.django_db

FAST = Template("{% load organisation_cards %}{% for org in orgs %}{% organisation_card org %}{% endfor %}")


def through_the_template(orgs) -> str:
    card = get_template("organisations/_card.html")
    return "".join(card.render({"org": org}) for org in orgs)


def through_python(orgs) -> str:
    return FAST.render(Context({"orgs": orgs}))


def listed(*pks):
    """As the directory loads them (city and industries with the list)."""
    return list(queries.directory().filter(pk__in=pks)) if pks else list(queries.directory())


@pytest.fixture
def seeded():
    """The Belt, the seed organisations and 60 generated ones (demo data), as the demo has them."""
    from innobelt.belt.seeding import load_belt
    from innobelt.organisations.generator import generate_organisations
    from innobelt.organisations.seeding import load_seed_organisations

    load_belt()
    load_seed_organisations()
    industries = {i.code: i for i in Industry.objects.all()}
    for org, chosen in generate_organisations(60, seed=7, cities=list(City.objects.all()), industries=industries):
        org.save()
        org.industries.set(chosen)


@pytest.fixture
def awkward():
    """Names, a slug and a city that need escaping or have a side missing; every badge; a kind outside the choices."""
    city = City.objects.create(slug="a-b", name_zh='<城>&"区', name_en="", kind=City.Kind.JIANGSU_CITY,
                               gdp_band=City.GdpBand.DISTRICT, latitude=31, longitude=121)
    tag = Industry.objects.create(code="odd", name_zh="", name_en="R&D <labs>")
    rows = [
        Organisation.objects.create(slug="esc-1", kind="sme", name_zh='甲<b>&"乙\'', name_en="A & B <i>", city=city,
                                    verification=Organisation.Verification.VERIFIED, is_goi_member=True,
                                    is_synthetic=True),
        Organisation.objects.create(slug="only-en", kind="laboratory", name_en="Only English", city=None),
        Organisation.objects.create(slug="only-zh", kind="investor", name_zh="只有中文"),
        Organisation.objects.create(slug="same", kind="startup", name_zh="Same", name_en="Same", is_goi_member=True),
        Organisation.objects.create(slug="Mixed_Case-9", kind="university", name_zh="统一", name_en="Mixed case"),
        Organisation.objects.create(slug="odd-kind", kind="no_such_kind", name_en="Odd kind <x>"),
    ]
    rows[0].industries.add(tag, *Industry.objects.all()[:3])
    return [row.pk for row in rows]


def test_every_seeded_organisation_renders_the_same_and_the_directory_shows_them(seeded, client):
    orgs = listed()
    assert len(orgs) > 60 and any(org.industries.all() for org in orgs)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert through_python(orgs) == through_the_template(orgs), language
    answer = client.get("/organisations/")
    assert answer.status_code == 200
    with translation.override("zh-hans"):
        assert through_the_template(orgs[:60]) in answer.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_escaping_missing_sides_and_badges_render_the_same(awkward, language):
    orgs = listed(*awkward)
    with translation.override(language):
        fast = through_python(orgs)
        assert fast == through_the_template(orgs)
    assert "&lt;b&gt;" in fast or "&lt;i&gt;" in fast  # the escaping was there to be compared
    assert "badge-verified" in fast and "badge-synthetic" in fast and "R&amp;D &lt;labs&gt;" in fast


def test_a_script_prefix_reaches_the_links(awkward):
    orgs = listed(*awkward)
    with override_settings(FORCE_SCRIPT_NAME="/belt/"):
        from django.urls import set_script_prefix

        set_script_prefix("/belt/")
        try:
            fast = through_python(orgs)
            assert fast == through_the_template(orgs) and 'href="/belt/organisations/esc-1/"' in fast
        finally:
            set_script_prefix("/")


def test_one_template_render_follows_a_change_of_language(awkward):
    """The labels kept for a render are the active language's: a language switched between two cards is followed."""
    orgs = listed(*awkward)
    template = Template("{% load organisation_cards i18n %}{% organisation_card a %}"
                        "{% language 'en' %}{% organisation_card a %}{% endlanguage %}")
    with translation.override("zh-hans"):
        both = template.render(Context({"a": orgs[0]}))
        chinese = through_the_template(orgs[:1])
    with translation.override("en"):
        english = through_the_template(orgs[:1])
    assert both == chinese + english and chinese != english
