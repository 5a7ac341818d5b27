"""portal.pagination.paginate: the pages every list of the site shows."""

import pytest
from django.test import RequestFactory

from portal.models import Wijk
from portal.pagination import paginate

pytestmark = pytest.mark.django_db


def _wijken(count):
    Wijk.objects.bulk_create(
        Wijk(name=f"Wijk {n:02d}", slug=f"wijk-{n:02d}", code=f"WK99{n:04d}") for n in range(count)
    )
    return Wijk.objects.order_by("name")


def _page(query, **params):
    return paginate(RequestFactory().get("/", params), query, per_page=5)


@pytest.mark.parametrize("asked", [None, "1", "abc", "1.5", "", "\x00"])
def test_a_short_first_page_is_its_own_count(django_assert_num_queries, asked):
    wijken = _wijken(3)
    with django_assert_num_queries(1):
        page = _page(wijken, **({} if asked is None else {"pagina": asked}))
        assert [w.name for w in page] == ["Wijk 00", "Wijk 01", "Wijk 02"]
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 3, 1)
        assert not page.has_next()


def test_an_empty_list_is_one_empty_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = _page(Wijk.objects.none().union(Wijk.objects.filter(pk=-1)))
        assert (list(page), page.paginator.count, page.number) == ([], 0, 1)


def test_a_full_first_page_counts_the_list():
    page = _page(_wijken(12))
    assert [w.name for w in page] == [f"Wijk {n:02d}" for n in range(5)]
    assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (12, 3, True)


def test_a_list_of_exactly_one_page_is_counted_right():
    page = _page(_wijken(5))
    assert (len(page), page.paginator.count, page.has_next()) == (5, 5, False)


@pytest.mark.parametrize(("asked", "number"), [("2", 2), ("3", 3), ("99", 3), ("0", 3), ("-1", 3)])
def test_other_pages_clamp_to_the_last(asked, number):
    page = _page(_wijken(12), pagina=asked)
    assert page.number == number
    assert page.paginator.count == 12
