"""The parts of the load suite (bench/) that work without load: how a run is judged
against the goals, the query counter, and that the floor pages exist only in the
benchmark's own URLconf and settings. The load itself runs with `make loadtest`."""

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from bench.goals import GOALS, Result, admin_table, exit_code, misses, table
from bench.middleware import QueryCountMiddleware


def result(
    label="page", kind="public", rps=100.0, queries=10, errors=0, requests=500, admin_rps=0.0
):
    return Result(
        label=label,
        kind=kind,
        rps=rps,
        p50=20.0,
        p95=45.0,
        queries=queries,
        django_rps=1000.0,
        wagtail_rps=200.0,
        requests=requests,
        errors=errors,
        admin_rps=admin_rps,
    )


def test_the_goals_are_those_of_the_issue():
    assert GOALS == {
        "public": ("django", 0.8, None),
        "dynamic": ("wagtail", 0.5, None),
        "application": ("wagtail", 0.5, 20),
    }


def test_a_public_page_near_the_bare_django_view_meets_its_goal():
    assert misses(result(kind="public", rps=850)) == []
    assert exit_code([result(kind="public", rps=850)]) == 0


def test_a_public_page_below_four_fifths_of_bare_django_is_a_miss():
    page = result(kind="public", rps=790)
    assert misses(page) == ["0.79× bare Django, goal ≥ 0.8×"]
    assert exit_code([result(kind="public", rps=900), page]) == 1


def test_a_dynamic_page_is_judged_against_the_bare_wagtail_page():
    assert misses(result(kind="dynamic", rps=100)) == []  # 0.5 × 200
    assert misses(result(kind="dynamic", rps=99)) == ["0.49× bare Wagtail, goal ≥ 0.5×"]


def test_the_application_page_misses_on_queries_alone():
    assert misses(result(kind="application", rps=150, queries=20)) == []
    assert misses(result(kind="application", rps=150, queries=21)) == ["21 queries, goal ≤ 20"]
    assert misses(result(kind="application", rps=150, queries=None)) == ["None queries, goal ≤ 20"]


def test_failed_requests_and_silence_are_misses_even_for_the_floors():
    assert misses(result(kind="floor", errors=3)) == ["3 of 500 requests failed"]
    assert misses(result(kind="floor", requests=0, rps=0)) == ["no request was answered"]
    assert misses(result(kind="floor")) == []


def test_a_lost_write_fails_the_run_whatever_the_pages_do():
    assert exit_code([result(kind="public", rps=900)], rush_ok=False) == 1


def test_the_table_shows_figures_ratios_and_verdicts():
    text = table(
        [
            result(label="bare Django view", kind="floor", rps=1000, queries=0),
            result(label="home", kind="public", rps=20, queries=16),
            result(label="staff: application page", kind="application", rps=40, queries=40),
        ]
    ).splitlines()
    assert text[0] == (
        "| page | req/s | p50 ms | p95 ms | queries | ÷ bare Django | ÷ bare Wagtail "
        "| rounds (÷ goal's floor) | goal |"
    )
    assert text[2] == "| bare Django view | 1000 | 20 | 45 | 0 | 1.00× | 5.00× | – | – |"
    assert text[3] == (
        "| home | 20 | 20 | 45 | 16 | 0.02× (1/50.0) | 0.10× (1/10.0) | – "
        "| MISSED: 0.02× bare Django, goal ≥ 0.8× |"
    )
    assert text[4].endswith("| MISSED: 0.20× bare Wagtail, goal ≥ 0.5×; 40 queries, goal ≤ 20 |")
    assert table([result(kind="public", rps=900)]).endswith("| ok (≥ 0.8× django) |")


def test_a_page_is_judged_by_the_median_of_its_rounds_ratios():
    # Three rounds: the page against the bare Wagtail page of the same round. One round
    # where the floor ran fast (a quiet moment) does not decide the verdict alone.
    page = result(kind="dynamic", rps=60)
    page.rounds = {
        "page": [60.0, 62.0, 58.0],
        "django": [900.0, 950.0, 1000.0],
        "wagtail": [100.0, 200.0, 110.0],
    }
    assert round(page.vs_wagtail, 3) == round(58 / 110, 3)
    assert page.spread("wagtail") == (62 / 200, 60 / 100)
    assert not misses(page)
    line = table([page]).splitlines()[2]
    assert "| 0.31–0.60× | ok (≥ 0.5× wagtail) |" in line
    # The same rates pooled would have missed: 180 / 410 = 0.44.
    page.rounds = {}
    page.wagtail_rps = 410 / 3
    assert misses(page)
    # Two rounds of a page that is slow in both miss, whatever the floors did.
    slow = result(kind="dynamic", rps=40)
    slow.rounds = {"page": [40.0, 41.0], "wagtail": [100.0, 200.0]}
    assert misses(slow) == ["0.30× bare Wagtail, goal ≥ 0.5×"]


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_the_floor_pages_are_in_the_bench_urlconf_only():
    assert settings.ROOT_URLCONF == "portal.urls"
    site = list(_patterns(get_resolver("portal.urls")))
    assert site and not [p for p in site if "_floor" in p or "floor" in p]
    with pytest.raises(NoReverseMatch):
        reverse("floor_django")
    with pytest.raises(NoReverseMatch):
        reverse("floor_wagtail")
    with pytest.raises(NoReverseMatch):
        reverse("floor_admin")
    assert reverse("floor_django", urlconf="bench.urls") == "/_floor/django/"
    assert reverse("floor_wagtail", urlconf="bench.urls") == "/_floor/wagtail/"
    assert reverse("floor_admin", urlconf="bench.urls") == "/admin/_floor/"
    # The bench URLconf serves the whole site besides.
    assert reverse("healthz", urlconf="bench.urls") == "/healthz"


def test_production_has_neither_the_query_header_nor_the_floor_app():
    from portal.settings import base

    everywhere = " ".join(base.MIDDLEWARE + base.INSTALLED_APPS)
    assert "bench" not in everywhere
    assert "bench" not in " ".join(settings.MIDDLEWARE + settings.INSTALLED_APPS)


@pytest.mark.django_db
def test_the_query_counter_counts_every_query_of_the_request():
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response["X-Queries"] == "2"
    assert (
        QueryCountMiddleware(lambda r: HttpResponse())(RequestFactory().get("/"))["X-Queries"]
        == "0"
    )


def test_admin_pages_are_shown_against_the_bare_admin_view_too():
    rows = [
        result(label="home", kind="public", rps=900),
        result(label="staff: fund queue", kind="dynamic", rps=30, admin_rps=120),
    ]
    text = admin_table(rows).splitlines()
    assert len(text) == 3  # the header, its rule and the one admin page
    assert text[2] == "| staff: fund queue | 30 | 120 | 0.25× (1/4.0) | 0.60× (1/1.7) |"
    # beside the goal, not a goal: the verdict is still against the bare Wagtail page
    assert misses(rows[1]) == ["0.15× bare Wagtail, goal ≥ 0.5×"]


@pytest.mark.django_db
def test_the_bare_admin_view_is_an_empty_admin_page_for_staff_only(client, settings):
    from django.urls import clear_url_caches

    from tests.portal.factories import UserFactory, with_two_factor

    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    try:
        assert client.get("/admin/_floor/").status_code == 302  # to sign in
        client.force_login(UserFactory(role="huurder"))
        assert client.get("/admin/_floor/").status_code in (302, 403)
        client.force_login(with_two_factor(UserFactory(role="coordinator")))
        page = client.get("/admin/_floor/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "bare Wagtail admin view" in html and "data-wagtail-sidebar" in html
    finally:
        clear_url_caches()
