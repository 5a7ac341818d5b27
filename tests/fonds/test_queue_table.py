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
