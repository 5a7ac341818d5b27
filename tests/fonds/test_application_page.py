"""The application page in the admin: per status only the actions that fit, the main
one first; one decision form that proposes above the four-eyes threshold and decides
below it; a bounded number of queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fonds.models import FundSettings, Status
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

ALWAYS = {"contact", "conflict"}  # for a reviewer of an open application

# Per status, the forms a reviewer of the wijk (not involved) gets, in this order.
EXPECTED = {
    Status.INGEDIEND: ["acknowledge"],
    Status.ONTVANGEN: ["start_review"],
    Status.IN_BEHANDELING: ["decision", "ask_question", "ask_advice"],
    Status.WACHT_OP_AANVRAGER: [],
    Status.ADVIES_HWZ: ["withdraw_advice"],  # going on without it only after the term
    Status.BESLUIT_VOORGESTELD: ["confirm", "send_back"],
    Status.TOEGEKEND: ["reduce"],
    Status.AFGEWEZEN: [],
}


def _forms(page: str, pk: int) -> list[str]:
    return re.findall(rf'action="/admin/fonds/aanvragen/action/{pk}/([a-z_]+)/"', page)


def _actions_area(page: str) -> str:
    return page.split('class="fw-app-actions"', 1)[1].split("</aside>", 1)[0]


@pytest.mark.parametrize("status", list(EXPECTED))
def test_each_status_shows_exactly_its_fitting_actions(
    client, make_application, coordinator, status
):
    proposer = UserFactory(role="leefbaarheidsmedewerker")
    application = make_application(status=status, proposed_by=proposer)
    # The coordinator both reviews and confirms; the proposal is someone else's.
    if status in (Status.TOEGEKEND, Status.AFGEWEZEN):
        application.granted_amount = application.amount_requested
        application.save(update_fields=["granted_amount"])
    page = staff_client(client, coordinator).get(
        reverse("fonds_application:inspect", args=[application.pk])
    )
    assert page.status_code == 200
    main = [
        name
        for name in _forms(_actions_area(page.content.decode()), application.pk)
        if name not in ALWAYS | {"assign", "checklist"}
    ]
    assert main == EXPECTED[status]
    if main:
        assert f'data-action="{main[0]}"' in page.content.decode().split("fw-action--main")[1][:200]
    # Deciding and proposing are never two forms.
    assert "/decide/" not in page.content.decode() and "/propose/" not in page.content.decode()


def test_the_proposer_sees_no_confirm_button(client, make_application, coordinator):
    application = make_application(status=Status.BESLUIT_VOORGESTELD, proposed_by=coordinator)
    page = (
        staff_client(client, coordinator)
        .get(reverse("fonds_application:inspect", args=[application.pk]))
        .content.decode()
    )
    assert _forms(_actions_area(page), application.pk) == ["contact", "conflict"]
    assert "U stelde dit besluit voor" in page


def test_a_resident_adviser_sees_no_staff_action(client, make_application, adviser):
    application = make_application(status=Status.IN_BEHANDELING)
    page = (
        staff_client(client, adviser)
        .get(reverse("fonds_application:inspect", args=[application.pk]))
        .content.decode()
    )
    assert [n for n in _forms(page, application.pk) if n != "conflict"] == []


@pytest.fixture
def threshold(db):
    return FundSettings.objects.create(confirmation_threshold=Decimal("1000"))


def _decide(client, application, **data):
    url = reverse("fonds_application:action", args=[application.pk, "decision"])
    return client.post(url, data, follow=True)


def test_the_one_form_proposes_above_the_threshold(
    client, make_application, reviewer, fund_year, threshold
):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("1500"))
    c = staff_client(client, reviewer)
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Voorstel ter bevestiging versturen" in page and "Besluit nemen</button>" not in page
    response = _decide(c, application, outcome="toegekend", reason="Goed plan")
    application.refresh_from_db()
    assert application.status == Status.BESLUIT_VOORGESTELD
    assert application.proposed_by == reviewer and application.granted_amount is None
    assert "tweede persoon bevestigt" in response.content.decode()


def test_the_one_form_decides_below_the_threshold(
    client, make_application, reviewer, fund_year, threshold
):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("1500"))
    c = staff_client(client, reviewer)
    # A partial grant of 600 of the 1.500 asked stays under the threshold: decided.
    _decide(c, application, outcome="deels_toegekend", amount="600", reason="Huur valt af")
    application.refresh_from_db()
    assert application.status == Status.DEELS_TOEGEKEND
    assert application.granted_amount == Decimal("600.00")
    assert application.confirmed_by is None


def test_a_small_application_says_it_decides(
    client, make_application, reviewer, fund_year, threshold
):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("400"))
    c = staff_client(client, reviewer)
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Besluit nemen</button>" in page
    _decide(c, application, outcome="toegekend", reason="")
    application.refresh_from_db()
    assert application.status == Status.TOEGEKEND


def test_a_refused_decision_keeps_what_was_typed(
    client, make_application, reviewer, fund_year, threshold
):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("400"))
    c = staff_client(client, reviewer)
    response = _decide(
        c, application, outcome="deels_toegekend", amount="900", reason="Mijn lange uitleg"
    )
    page = response.content.decode()
    assert "lager dan het gevraagde bedrag" in page
    assert "Mijn lange uitleg</textarea>" in page and 'value="900"' in page
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING
    # Once shown, the draft is gone.
    again = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Mijn lange uitleg" not in again


def test_the_amount_field_is_bordered_without_style_attributes(client, make_application, reviewer):
    application = make_application(status=Status.IN_BEHANDELING)
    page = (
        staff_client(client, reviewer)
        .get(reverse("fonds_application:inspect", args=[application.pk]))
        .content.decode()
    )
    field = (
        page.split('id="decision-amount"')[0].rsplit("<input", 1)[1]
        + page.split('id="decision-amount"')[1].split(">", 1)[0]
    )
    assert "fw-input" in field and "style=" not in field
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/admin.css").read_text()
    assert re.search(r"\.fw-input\s*\{[^}]*border:\s*1px solid", css)


@pytest.mark.parametrize(
    "status", [Status.INGEDIEND, Status.IN_BEHANDELING, Status.BESLUIT_VOORGESTELD]
)
def test_the_page_makes_a_bounded_number_of_queries(
    client, make_application, coordinator, fund_year, status, django_assert_max_num_queries
):
    proposer = UserFactory(role="leefbaarheidsmedewerker")
    application = make_application(status=status, proposed_by=proposer)
    c = staff_client(client, coordinator)
    url = reverse("fonds_application:inspect", args=[application.pk])
    c.get(url)  # warm the session and two-factor caches
    # Measured: 20 at most (issue 11; 39 before): the session, the user, their role facts
    # (one query), 4 for Wagtail's admin, the application, a query per part it shows, its
    # history, the fund settings, the budget position (one) and the reviewers.
    with django_assert_max_num_queries(20):
        assert c.get(url).status_code == 200
