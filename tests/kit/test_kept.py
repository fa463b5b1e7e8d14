"""Parts of pages kept for everyone who sees them the same (innobelt/kit/kept.py, ADR 0024), with the directory's
cards as the example: kept for signed-in people too, the same as rendered afresh, left behind by a save in any
app they show (in this process or any other: the apps are watched from start-up), kept apart per language and
page, never for a search or filter, never holding something personal."""

import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from innobelt.kit import kept
from innobelt.organisations.queries import DIRECTORY_SHOWS
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
RESULTS = re.compile(r'<div id="results">.*?</div>\s*(?=</section>|<input|$)', re.S)




def signed_in() -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


def results(client: Client, path: str) -> tuple[str, int]:
    """The directory's cards as this client is shown them, and how many queries read organisations."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    found = RESULTS.search(response.content.decode())
    assert found
    return found.group(0), sum('FROM "organisations_organisation"' in q["sql"] for q in captured.captured_queries)


def test_a_signed_in_person_is_shown_the_kept_cards_the_same_as_rendered_afresh(settings):
    OrganisationFactory(name_en="Wusong Materials Laboratory")
    client = signed_in()
    first, read_first = results(client, "/en/organisations/")
    second, read_second = results(client, "/en/organisations/")
    assert read_first >= 1 and read_second == 0  # the second answer read no organisation
    assert first == second and "Wusong Materials Laboratory" in second
    assert results(signed_in(), "/en/organisations/")[0] == first  # another person: the same cards
    settings.PAGE_CACHE_SECONDS = 0
    assert results(client, "/en/organisations/")[0] == first  # rendered afresh: the same


def test_a_save_in_any_app_the_cards_show_leaves_them_behind():
    lab = OrganisationFactory(name_en="Wusong Materials Laboratory")
    client = signed_in()
    results(client, "/en/organisations/")
    lab.name_en = "Wusong Advanced Materials Laboratory"
    lab.save()
    cards, read = results(client, "/en/organisations/")
    assert read >= 1 and "Wusong Advanced Materials Laboratory" in cards
    lab.city.name_en = "Renamed City"
    lab.city.save()  # another app the cards show (belt)
    assert "Renamed City" in results(client, "/en/organisations/")[0]
    lab.delete()
    assert "Wusong Advanced" not in results(client, "/en/organisations/")[0]


def test_the_apps_shown_are_watched_from_start_up_not_from_the_first_page():
    """A worker or another web machine that never rendered the directory must still leave its cards behind when it
    saves: the apps are watched in `AppConfig.ready`, and a key naming an app nobody watches is refused."""
    assert kept.WATCHED.issuperset(DIRECTORY_SHOWS)
    request = RequestFactory().get("/en/organisations/")
    with pytest.raises(ImproperlyConfigured):
        kept.shared_key(request, "test", ("no-such-app",))


def test_languages_and_pages_are_kept_apart():
    OrganisationFactory(name_zh="吴淞新材料实验室", name_en="Wusong Materials Laboratory")
    client = signed_in()
    english, _ = results(client, "/en/organisations/")
    chinese, _ = results(client, "/organisations/")
    assert "Wusong Materials Laboratory" in english and "吴淞新材料实验室" in chinese.split("other-name")[0]
    assert results(client, "/en/organisations/")[0] == english and results(client, "/organisations/")[0] == chinese
    keys = {kept.shared_key(RequestFactory().get("/en/organisations/", {"page": page}), "organisations:directory",
                            DIRECTORY_SHOWS) for page in ("", "2", "3")}
    assert len(keys) == 3


@pytest.mark.parametrize("query", [{"q": "Wusong"}, {"city": "x"}, {"page": ["1", "2"]}, {"page": "12345"},
                                   {"page": "-1"}, {"page": "1e3"}])
def test_a_search_a_filter_or_a_strange_page_is_never_kept(query):
    assert kept.shared_key(RequestFactory().get("/en/organisations/", query), "organisations:directory",
                           DIRECTORY_SHOWS) == ""


def test_a_search_is_answered_afresh_each_time():
    OrganisationFactory(name_en="Wusong Materials Laboratory")
    client = signed_in()
    assert results(client, "/en/organisations/?q=Wusong")[1] >= 1
    assert results(client, "/en/organisations/?q=Wusong")[1] >= 1


def test_a_part_holding_a_csrf_token_or_a_message_is_never_kept():
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>'
    message = '<ul class="messages"><li class="message">Saved.</li></ul>'
    for personal in (form, message):
        assert kept.kept("innobelt:parts:test", lambda personal=personal: personal) == personal
        assert caches["default"].get("innobelt:parts:test") is None
    assert kept.kept("innobelt:parts:test", lambda: "<p>42</p>") == "<p>42</p>"
    assert kept.kept("innobelt:parts:test", lambda: "<p>changed</p>") == "<p>42</p>"
    assert kept.kept("", lambda: "<p>changed</p>") == "<p>changed</p>"  # an empty key renders every time


def test_a_change_of_a_many_to_many_link_leaves_the_cards_behind():
    """`org.industries.set(...)` sends no post_save: the link's own signal leaves the copies behind (the anonymous
    page's and the cards')."""
    from tests.factories import IndustryFactory

    lab = OrganisationFactory(name_en="Wusong Materials Laboratory")
    robotics = IndustryFactory(name_en="Service robotics")
    anonymous, person = Client(), signed_in()
    for client in (anonymous, person):
        assert "Service robotics" not in results(client, "/en/organisations/")[0]
    lab.industries.add(robotics)
    for client in (anonymous, person):
        assert "Service robotics" in results(client, "/en/organisations/")[0]
    lab.industries.clear()
    for client in (anonymous, person):
        assert "Service robotics" not in results(client, "/en/organisations/")[0]


def test_a_filter_s_choices_are_kept_per_language_until_a_row_they_show_changes():
    from django.utils import translation

    from innobelt.belt.choices import city_choices
    from innobelt.resources.queries import owner_choices
    from tests.factories import CityFactory, ResourceFactory

    city = CityFactory(name_zh="太仓市", name_en="Taicang")
    with translation.override("en"):
        assert (city.slug, "Taicang") in city_choices()
        with CaptureQueriesContext(connection) as captured:
            assert (city.slug, "Taicang") in city_choices()
        assert not captured.captured_queries  # kept
    with translation.override("zh-hans"):
        assert (city.slug, "太仓市") in city_choices()  # each language its own
    city.name_en = "Taicang City"
    city.save()
    with translation.override("en"):
        assert (city.slug, "Taicang City") in city_choices()
        owner = OrganisationFactory(name_en="Taicang Test Lab")
        assert (owner.slug, "Taicang Test Lab") not in owner_choices()
        ResourceFactory(owner=owner)  # published: the owner joins the register's filter at once
        assert (owner.slug, "Taicang Test Lab") in owner_choices()


def test_choices_are_read_every_time_when_nothing_is_kept(settings):
    from innobelt.belt.choices import industry_choices

    settings.PAGE_CACHE_SECONDS = 0
    industry_choices()
    with CaptureQueriesContext(connection) as captured:
        industry_choices()
    assert len(captured.captured_queries) == 1


class Counted:
    """Counts the calls the default cache is asked (the real cache answers them; a `get_many` is one call, though the
    tests' cache in memory makes it of several `get`s)."""

    def __init__(self, monkeypatch):
        self.calls: dict[str, int] = {}
        self.inside = False
        store = caches["default"]
        for name in ("get", "get_many"):
            real = getattr(store, name)

            def counted(*args, _real=real, _name=name, **kwargs):
                if self.inside:
                    return _real(*args, **kwargs)
                self.calls[_name] = self.calls.get(_name, 0) + 1
                self.inside = True
                try:
                    return _real(*args, **kwargs)
                finally:
                    self.inside = False

            monkeypatch.setattr(store, name, counted)


def test_a_request_reads_the_versions_once_and_the_choices_from_the_process(monkeypatch):
    from tests.factories import ResourceFactory

    ResourceFactory(title_en="Raman spectrometer")
    client = Client()
    assert client.get("/en/resources/?q=spectrometer").status_code == 200  # the choices computed and kept
    counted = Counted(monkeypatch)
    response = client.get("/en/resources/?q=Raman")  # three kept choices (cities, industries, owners)
    assert response.status_code == 200 and "Raman spectrometer" in response.content.decode()
    assert counted.calls == {"get_many": 1}  # the versions, once; the choices held in the process


def test_a_save_on_another_machine_is_seen_by_the_next_request():
    """Another machine writes the row and a new version to the shared cache; this process's signals see nothing."""
    from innobelt.organisations.models import Organisation
    from tests.factories import ResourceFactory

    owner = OrganisationFactory(name_en="Taicang Test Lab")
    ResourceFactory(owner=owner)
    client = Client()

    def owners_filter() -> str:  # the register's filter by owner (a search finding nothing: no card names the owner)
        return re.search(r'<select name="owner".*?</select>', client.get("/en/resources/?q=nothing-like-it").content.decode(),
                         re.S).group(0)

    assert "Taicang Test Lab" in owners_filter()
    Organisation.objects.filter(pk=owner.pk).update(name_en="Taicang Lab Two")  # sends no signal
    assert "Taicang Lab Two" not in owners_filter()  # kept: the same versions
    caches["default"].set(kept._version_key("organisations"), "written-by-another-machine", timeout=None)
    assert "Taicang Lab Two" in owners_filter()


def test_within_a_request_the_versions_are_read_once_and_its_own_saves_write_into_them():
    seen = []

    def view(_request):
        first = kept.versions(["belt"])
        caches["default"].set(kept._version_key("belt"), "another-machine-meanwhile", timeout=None)
        seen.append(kept.versions(["belt"]) == first)  # one reading per request
        kept.bump("belt")  # this request's own save
        seen.append(kept.versions(["belt"]) != first)
        return "done"

    assert kept.VersionsOncePerRequest(view)(RequestFactory().get("/")) == "done"
    assert seen == [True, True]
    assert kept.versions(["belt"]) == kept.versions(["belt"]) != "another-machine-meanwhile"  # outside: read each time


def test_the_process_holds_a_bounded_number_of_values(monkeypatch):
    monkeypatch.setattr(kept, "MEMO_SIZE", 2)
    for name in ("a", "b", "c"):
        assert kept.value(f"test:{name}", ("belt",), lambda name=name: name) == name
    assert len(kept._memo) == 2


def test_the_process_holds_a_value_no_longer_than_the_cache_does(monkeypatch):
    """A value another process computed 50 s ago is held here for the 10 s the cache still keeps it, not 60 more:
    `PAGE_CACHE_SECONDS` bounds what signals cannot see (an `update()`) however the copies are passed on."""
    import time

    started = time.time()
    monkeypatch.setattr(kept.time, "time", lambda: started)
    assert kept.value("test:aged", ("belt",), lambda: "computed") == "computed"
    kept.forget_memo()  # another process: nothing held, the cache's copy read
    monkeypatch.setattr(kept.time, "time", lambda: started + 50)
    assert kept.value("test:aged", ("belt",), lambda: "computed again") == "computed"
    assert [until for until, _found in kept._memo.values()] == [started + 60]
