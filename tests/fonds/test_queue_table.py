"""The fund queue in the admin, built as a light table (fonds.admin_views.QueueTable):
every row still shows what staff need, each in its own column, the sort links stay,
the page size is a setting, and the reviewer filter offers reviewers, not residents."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, Status
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def _rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("<tr>")[1:]]


def test_each_row_shows_reference_applicant_wijk_status_term_and_amount(
    client, make_application, coordinator, wijk
):
    reviewer = UserFactory(role="leefbaarheidsmedewerker", first_name="Rita", last_name="Rood")
    late = make_application(
        status=Status.IN_BEHANDELING,
        reviewer=reviewer,
        title="Te laat",
        amount=Decimal("1250.50"),
    )
    Application.objects.filter(pk=late.pk).update(
        answer_due=timezone.now() - dt.timedelta(days=5),
        queue_due=timezone.now() - dt.timedelta(days=5),
    )
    waiting = make_application(status=Status.WACHT_OP_AANVRAGER, title="Wacht")
    Application.objects.filter(pk=waiting.pk).update(paused_since=timezone.now())
    page = staff_client(client, coordinator).get(reverse("fonds_application:index"))
    assert page.status_code == 200
    html = page.content.decode()
    rows = {cells[1].strip(): cells for cells in _rows(html)}
    assert set(rows) == {"Te laat", "Wacht"}
    reference, title, place, status, handler, term, amount = rows["Te laat"]
    assert f'href="{reverse("fonds_application:inspect", args=[late.pk])}"' in reference
    assert f"LF-T-{late.pk}" in reference
    assert place == wijk.name and status == "In behandeling" and handler == "Rita Rood"
    assert "fw-term--late" in term and "werkdagen te laat" in term
    assert "<small>" in term  # the due date under the badge
    assert amount == "€\u00a01.250,50"
    assert "klok staat stil" in rows["Wacht"][5]
    assert rows["Wacht"][4] == ""  # nobody yet: empty, never "None"
    assert "None" not in html.split("<tbody>")[1].split("</tbody>")[0]
    # Staff still sort on the columns they sorted on before.
    for field in ("reference", "title", "wijk", "status"):
        assert f"?ordering={field}" in html


def test_the_queue_pages_by_its_setting(client, make_application, coordinator, settings):
    settings.FUND_QUEUE_PAGE_SIZE = 3
    for i in range(5):
        make_application(status=Status.ONTVANGEN, title=f"Aanvraag {i}")
    c = staff_client(client, coordinator)
    first = c.get(reverse("fonds_application:index")).content.decode()
    second = c.get(reverse("fonds_application:index") + "?p=2").content.decode()
    assert len(_rows(first)) == 3 and len(_rows(second)) == 2


def test_the_reviewer_filter_offers_reviewers_and_not_residents(
    client, make_application, coordinator, applicant, reviewer
):
    make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    c = staff_client(client, coordinator)
    html = c.get(reverse("fonds_application:index")).content.decode()
    select = html.split('name="reviewer"')[1].split("</select>")[0]
    assert f'value="{reviewer.pk}"' in select
    assert f'value="{applicant.pk}"' not in select
    # Filtering on a reviewer still narrows the queue to their applications.
    make_application(status=Status.ONTVANGEN, title="Van niemand")
    filtered = c.get(reverse("fonds_application:index") + f"?reviewer={reviewer.pk}")
    assert [cells[1].strip() for cells in _rows(filtered.content.decode())] == ["Buurtbarbecue"]


def test_the_queue_counts_only_a_few_pages_ahead(
    client, make_application, coordinator, settings, monkeypatch
):
    """Counting every application grew with the table; the queue counts as far as a few
    pages beyond the one shown and says "more than" when there are more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fonds import admin_views

    settings.FUND_QUEUE_PAGE_SIZE = 2
    monkeypatch.setattr(admin_views, "QUEUE_PAGES_AHEAD", 1)
    for i in range(6):
        make_application(status=Status.ONTVANGEN, title=f"Aanvraag {i}")
    c = staff_client(client, coordinator)
    index = reverse("fonds_application:index")
    c.get(index)
    with CaptureQueriesContext(connection) as ctx:
        first = c.get(index).content.decode()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 5" in sql for sql in counts), counts
    assert len(_rows(first)) == 2
    assert "Pagina 1 van meer dan 2" in first and "Meer dan 4 aanvragen" in first
    assert "?p=2" in first
    # from page 2 on, the count reaches the end: the real number of pages
    second = c.get(index + "?p=2").content.decode()
    assert "Pagina 2 van 3" in second and "6 aanvragen" in second
    assert "meer dan" not in second.lower().split('<nav class="pagination"')[1]
    # beyond the end: the last page, as before
    assert len(_rows(c.get(index + "?p=99").content.decode())) == 2
    # filtering says how many it found, or that there are more
    found = c.get(index + "?status=ontvangen").content.decode()
    assert "Meer dan 4 aanvragen gevonden" in found


def test_a_first_page_that_is_not_full_is_not_counted(
    client, make_application, coordinator, settings
):
    """A first page with fewer rows than fit holds every row there is: the queue shows
    them and their number without a COUNT; a full first page is counted as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FUND_QUEUE_PAGE_SIZE = 3
    for i in range(2):
        make_application(status=Status.ONTVANGEN, title=f"Aanvraag {i}")
    c = staff_client(client, coordinator)
    index = reverse("fonds_application:index")
    c.get(index)

    def page(url):
        with CaptureQueriesContext(connection) as ctx:
            html = c.get(url).content.decode()
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
        return html, counts

    html, counts = page(index)
    assert not counts and len(_rows(html)) == 2
    assert "Pagina 1 van 1" in html and "2 aanvragen" in html
    html, counts = page(index + "?status=ontvangen")
    assert not counts and "2 aanvragen gevonden" in html
    html, counts = page(index + "?status=toegekend")
    assert not counts and "<tbody>" not in html
    make_application(status=Status.ONTVANGEN, title="Aanvraag 2")
    html, counts = page(index)
    assert counts and len(_rows(html)) == 3 and "3 aanvragen" in html
    make_application(status=Status.ONTVANGEN, title="Aanvraag 3")
    html, counts = page(index)
    assert len(_rows(html)) == 3 and "Pagina 1 van 2" in html and "4 aanvragen" in html
