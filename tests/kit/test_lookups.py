"""kit.lookups: `or_404` and `first_rows` (the workbench's queues and the site search's groups)."""

import pytest
from django.http import Http404

from innobelt.belt.models import City
from innobelt.kit.lookups import first_rows, or_404
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_or_404_passes_what_was_found_and_404s_nothing():
    assert or_404(0) == 0
    with pytest.raises(Http404):
        or_404(None)


def test_first_rows_counts_only_when_the_list_is_longer(django_assert_num_queries):
    cities = [CityFactory() for _ in range(4)]
    ordered = City.objects.filter(pk__in=[c.pk for c in cities]).order_by("pk")
    with django_assert_num_queries(1):  # fewer rows than asked: their number is the count
        assert first_rows(ordered, 5) == (cities, 4)
    for n in (3, 4):
        with django_assert_num_queries(2):  # as many as asked: the rest are counted
            assert first_rows(ordered, n) == (cities[:n], 4)
