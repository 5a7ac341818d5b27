"""The main menu is kept in the cache (cms_tags.menu_pages) under the page cache's
generation: a signed-in visitor, whose pages are never kept whole, gets the menu without
the site lookup and the page queries, and sees every publish, unpublish, move and
deletion of a menu page at the next request, in each language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import PolicyPage
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def menu(client, url=None) -> str:
    html = client.get(url or reverse("my_overview")).content.decode()
    return html.split('<ul class="fw-nav__list">', 1)[1].split("</ul>", 1)[0]


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("my_overview"))
    return sum('"wagtailcore_page"' in q["sql"] or "wagtailcore_site" in q["sql"] for q in ctx)


@pytest.fixture
def resident_client(client, demo):
    client.force_login(UserFactory(role="huurder"))
    return client


def test_a_kept_menu_reads_no_page_and_no_site(resident_client):
    first = menu(resident_client)
    assert 'href="/beleid/"' in first and 'href="/nieuws/"' in first
    assert page_queries(resident_client) == 0
    assert menu(resident_client) == first


def test_publishing_renaming_and_unpublishing_show_at_the_next_request(resident_client):
    policy = PolicyPage.objects.get(locale__language_code="nl")
    menu(resident_client)
    policy.title = "Ons beleid <vernieuwd>"
    policy.save_revision().publish()
    assert "Ons beleid &lt;vernieuwd&gt;</a>" in menu(resident_client)
    policy.unpublish()
    assert 'href="/beleid/"' not in menu(resident_client)
    policy.save_revision().publish()
    policy.refresh_from_db()
    assert 'href="/beleid/"' in menu(resident_client)


def test_a_page_taken_out_of_the_menu_or_deleted_goes(resident_client):
    from wagtail.models import Page

    news = Page.objects.get(url_path__endswith="/nieuws/", locale__language_code="nl")
    menu(resident_client)
    news = news.specific
    news.show_in_menus = False
    news.save_revision().publish()
    assert 'href="/nieuws/"' not in menu(resident_client)
    contact = Page.objects.get(url_path__endswith="/contact/", locale__language_code="nl")
    assert 'href="/contact/"' in menu(resident_client)
    contact.delete()
    assert 'href="/contact/"' not in menu(resident_client)


def test_each_language_has_its_own_menu_and_the_current_section_is_marked(resident_client):
    dutch = menu(resident_client, "/beleid/")
    english = menu(resident_client, "/en/")
    assert dutch != english
    assert 'href="/beleid/" aria-current="page"' in dutch
    assert 'aria-current="page"' not in menu(resident_client)  # Mijn overzicht: no section
