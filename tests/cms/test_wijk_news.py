"""News tied to a wijk: the neighbourhood page shows its own latest news, linking to it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import NeighbourhoodPage, NewsIndexPage, NewsPage
from portal.models import Wijk

pytestmark = pytest.mark.django_db


def add_news(title, *, wijken, days_ago=0, live=True):
    index = NewsIndexPage.objects.get(locale__language_code="nl")
    page = NewsPage(
        title=title,
        intro=f"Intro van {title}.",
        date=dt.date(2026, 11, 26) - dt.timedelta(days=days_ago),
        wijken=wijken,
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save()
    return page


def test_demo_ties_news_to_wijken_and_the_wijk_page_shows_it(client, demo):
    html = client.get("/wijken/maaskant/").content.decode()
    assert "Nieuws uit Maaskant" in html
    news = NewsPage.objects.get(title="Nieuwe wijkbeheerder voor Maaskant en Roerdal")
    assert f'href="{news.url}"' in html
    assert "Buurtbemiddeling: zo werkt het" in html
    # News for everyone (no wijk) is not on a wijk page.
    assert "Leefbaarheidsfonds weer open voor aanvragen" not in html
    # A wijk without news of its own has no news section.
    assert "Nieuws uit Heideveld" not in client.get("/wijken/heideveld/").content.decode()


def test_news_page_names_its_wijken_with_links(client, demo):
    news = NewsPage.objects.get(title="Nieuwe wijkbeheerder voor Maaskant en Roerdal")
    html = client.get(news.url).content.decode()
    for slug in ("maaskant", "roerdal"):
        wijk_page = NeighbourhoodPage.objects.get(wijk__slug=slug, locale__language_code="nl")
        assert f'<a href="{wijk_page.url}">{wijk_page.wijk.name}</a>' in html


def test_only_the_latest_live_news_of_that_wijk_and_bounded_queries(client, demo, no_page_cache):
    wijk = Wijk.objects.get(slug="heideveld")
    other = Wijk.objects.get(slug="donderberg")
    url = NeighbourhoodPage.objects.get(wijk=wijk, locale__language_code="nl").url
    add_news("Oudste bericht Heideveld", wijken=[wijk], days_ago=30)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    for n in range(1, 6):
        add_news(f"Bericht Heideveld {n}", wijken=[wijk], days_ago=n)
    add_news("Concept voor Heideveld", wijken=[wijk], live=False)
    add_news("Nieuws uit Donderberg", wijken=[other])
    client.get(url)  # publishing renewed the cached menu (cms_tags.menu_pages): warm it
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)

    shown = [f"Bericht Heideveld {n}" for n in (1, 2, 3)]
    positions = [html.index(title) for title in shown]
    assert positions == sorted(positions), "newest first"
    for title in ("Bericht Heideveld 4", "Oudste bericht Heideveld", "Concept voor Heideveld"):
        assert title not in html
    assert "Nieuws uit Donderberg" not in html
