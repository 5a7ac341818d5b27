"""The payouts in the admin and on the resident's page: the list with its filters and
bulk moves, one move from the application's page, the coordinator's plan form, the
dashboard panels, and who may open what (every role; another resident's id in the URL)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models.payouts import PayoutStatus
from tests.fonds.conftest import staff_client
from tests.fonds.payout_helpers import granted, money
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

S = PayoutStatus
INDEX = "fonds_payouts:index"
TOKEN = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')


@pytest.fixture
def backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def grant(fund_year, make_application, coordinator):
    application = granted(make_application, coordinator)
    services.payout_plan_create(application=application, user=coordinator)
    return application


def advance_of(application):
    return application.payouts.get(number=1)


def refused(response) -> bool:
    """The admin refuses with 403 (404 for an object out of the role's reach), or sends
    the person to its home with a message."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(user):
    return staff_client(Client(), user)


def test_the_list_for_the_back_office_and_the_coordinator(grant, backoffice, coordinator):
    for user in (backoffice, coordinator):
        page = login(user).get(reverse(INDEX))
        assert page.status_code == 200
        html = page.content.decode()
        assert grant.reference in html and "700,00" in html
    assert 'data-bulk="prepare"' in login(backoffice).get(reverse(INDEX)).content.decode()


@pytest.mark.parametrize(
    "role", ["leefbaarheidsmedewerker", "sociaal-beheerder", "wijkbeheerder", "redacteur"]
)
def test_other_staff_are_refused(grant, role):
    client = login(UserFactory(role=role))
    assert refused(client.get(reverse(INDEX)))
    advance = advance_of(grant)
    assert refused(client.post(reverse("fonds_payouts:action", args=[advance.pk, "prepare"])))
    assert refused(client.get(reverse("fonds_payouts:plan", args=[grant.pk])))
    assert advance_of(grant).status == S.GEPLAND


def test_residents_never_reach_the_admin(grant, applicant):
    client = Client()
    client.force_login(applicant)
    for url in (
        reverse(INDEX),
        reverse("fonds_payouts:plan", args=[grant.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    response = client.post(reverse("fonds_payouts:action", args=[advance_of(grant).pk, "prepare"]))
    assert response.status_code in (302, 403)
    assert advance_of(grant).status == S.GEPLAND


def test_the_menu_item(grant, backoffice, reviewer):
    assert reverse(INDEX) in login(backoffice).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in login(reviewer).get(reverse("wagtailadmin_home")).content.decode()


def test_filters(grant, backoffice, coordinator, other_wijk, make_application, fund_year):
    client = login(backoffice)
    html = client.get(reverse(INDEX), {"status": "klaar"}).content.decode()
    assert "data-empty" in html
    html = client.get(reverse(INDEX), {"wijk": grant.wijk_id}).content.decode()
    assert grant.reference in html
    html = client.get(reverse(INDEX), {"wijk": other_wijk.pk}).content.decode()
    assert grant.reference not in html
    soon = timezone.localdate() + dt.timedelta(days=1)
    html = client.get(reverse(INDEX), {"due_before": soon.isoformat()}).content.decode()
    assert html.count("data-payout=") == 1  # the advance, not the rest
    odd = client.get(reverse(INDEX), {"due_before": "9999-99-99", "status": "<script>"})
    assert odd.status_code == 400
    services.payout_prepare(payout=advance_of(grant), user=backoffice)
    mine = login(coordinator).get(reverse(INDEX), {"mine": "on"}).content.decode()
    assert mine.count("data-payout=") == 1
    own = login(backoffice).get(reverse(INDEX), {"mine": "on"}).content.decode()
    assert "data-empty" in own  # what one prepared is never one's own to approve


def test_the_list_reads_a_fixed_number_of_queries(
    fund_year, make_application, coordinator, backoffice, django_assert_max_num_queries
):
    for _ in range(12):
        application = granted(make_application, coordinator, amount=Decimal("100"))
        services.payout_plan_create(application=application, user=coordinator)
        services.payout_prepare(payout=advance_of(application), user=backoffice)
    client = login(coordinator)
    client.get(reverse(INDEX))
    with django_assert_max_num_queries(14):
        page = client.get(reverse(INDEX))
    assert page.content.decode().count("data-payout=") == 24


def test_bulk_prepare_and_approve_with_four_eyes(
    grant, backoffice, coordinator, second_coordinator
):
    advance = advance_of(grant)
    client = login(backoffice)
    token = TOKEN.search(client.get(reverse(INDEX)).content.decode()).group(1)
    data = {"ids": [advance.pk], "submission_token": token, "query": "status=gepland"}
    response = client.post(reverse("fonds_payouts:bulk", args=["prepare"]), data)
    assert response.status_code == 302 and response["Location"].endswith("?status=gepland")
    advance.refresh_from_db()
    assert (advance.status, advance.prepared_by) == (S.KLAAR, backoffice)
    # The same form again (a double click): nothing changes, no error page.
    count = advance.history.count()
    again = client.post(reverse("fonds_payouts:bulk", args=["prepare"]), data)
    assert again.status_code == 302 and advance.history.count() == count
    # The back office cannot approve.
    assert refused(
        client.post(reverse("fonds_payouts:bulk", args=["approve"]), {"ids": [advance.pk]})
    )
    # A coordinator who prepared it themselves is refused with the reason.
    services.payout_send_back(payout=advance, user=coordinator, reason="Opnieuw")
    services.payout_prepare(payout=advance, user=coordinator)
    own = login(coordinator)
    response = own.post(
        reverse("fonds_payouts:bulk", args=["approve"]), {"ids": [advance.pk]}, follow=True
    )
    assert "Vier ogen" in response.content.decode()
    advance.refresh_from_db()
    assert advance.status == S.KLAAR
    login(second_coordinator).post(
        reverse("fonds_payouts:bulk", args=["approve"]), {"ids": [advance.pk]}
    )
    advance.refresh_from_db()
    assert (advance.status, advance.approved_by) == (S.GOEDGEKEURD, second_coordinator)


def test_bulk_without_a_choice_or_with_odd_ids(grant, backoffice):
    client = login(backoffice)
    for ids in ([], ["x"], ["99999999999999999999999"], ["\x00"]):
        response = client.post(reverse("fonds_payouts:bulk", args=["prepare"]), {"ids": ids})
        assert response.status_code == 302
    assert advance_of(grant).status == S.GEPLAND


def test_the_application_page_shows_the_plan_and_its_moves(grant, backoffice, coordinator):
    url = reverse("fonds_application:inspect", args=[grant.pk])
    html = login(backoffice).get(url).content.decode()
    assert "data-payouts-section" in html and 'data-payout-action="prepare"' in html
    assert reverse("fonds_payouts:plan", args=[grant.pk]) not in html
    advance = advance_of(grant)
    response = login(backoffice).post(reverse("fonds_payouts:action", args=[advance.pk, "prepare"]))
    assert response.status_code == 302 and response["Location"].endswith("#uitbetalingen")
    html = login(coordinator).get(url).content.decode()
    assert 'data-payout-action="approve"' in html
    assert reverse("fonds_payouts:plan", args=[grant.pk]) in html
    login(coordinator).post(reverse("fonds_payouts:action", args=[advance.pk, "approve"]))
    assert advance_of(grant).status == S.GOEDGEKEURD
    # Approving again: no error page, nothing changes.
    again = login(coordinator).post(reverse("fonds_payouts:action", args=[advance.pk, "approve"]))
    assert again.status_code == 302
    # The timeline on the page names the moves.
    html = login(coordinator).get(url).content.decode()
    assert "Tranche 1" in html and "Goedgekeurd" in html


def test_an_involved_coordinator_cannot_move_a_payout(
    fund_year, make_application, coordinator, second_coordinator
):
    own = granted(make_application, coordinator, applicant=second_coordinator)
    services.payout_plan_create(application=own, user=coordinator)
    client = login(second_coordinator)
    assert own.reference not in client.get(reverse(INDEX)).content.decode()
    client.post(reverse("fonds_payouts:action", args=[advance_of(own).pk, "prepare"]))
    assert advance_of(own).status == S.GEPLAND
    assert refused(client.get(reverse("fonds_payouts:plan", args=[own.pk])))


def _plan_data(rows, reason="Andere verdeling"):
    data = {
        "tranches-TOTAL_FORMS": str(len(rows)),
        "tranches-INITIAL_FORMS": "0",
        "tranches-MIN_NUM_FORMS": "0",
        "tranches-MAX_NUM_FORMS": "12",
        "reason": reason,
    }
    for n, (amount, due, after) in enumerate(rows):
        data[f"tranches-{n}-amount"] = amount
        data[f"tranches-{n}-due_date"] = due
        if after:
            data[f"tranches-{n}-after_report"] = "on"
    return data


def test_the_coordinator_changes_the_split(grant, coordinator, backoffice):
    url = reverse("fonds_payouts:plan", args=[grant.pk])
    client = login(coordinator)
    page = client.get(url)
    assert page.status_code == 200 and "700,00" in page.content.decode()
    today = timezone.localdate().isoformat()
    wrong = client.post(url, _plan_data([("500", today, False), ("400", today, True)]))
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "tellen op tot" in html and 'value="400"' in html  # what was typed stays
    ok = client.post(
        url, _plan_data([("500", today, False), ("250,50", today, True), ("249,50", today, True)])
    )
    assert ok.status_code == 302
    assert [p.amount for p in grant.payouts.order_by("number")] == [
        Decimal("500.00"),
        Decimal("250.50"),
        Decimal("249.50"),
    ]
    assert money(grant)["open"] == Decimal("1000.00")
    assert refused(login(backoffice).get(url))


def test_the_plan_form_refuses_odd_input(grant, coordinator):
    url = reverse("fonds_payouts:plan", args=[grant.pk])
    client = login(coordinator)
    today = timezone.localdate().isoformat()
    for rows, reason in (
        ([("NaN", today, False)], "x"),
        ([("1e3", today, False)], "x"),
        ([("1000", "31-02-2026", False)], "x"),
        ([("1000", today, False)], "twee\nregels"),
        ([("1000", today, False)], "\x00"),
        ([("1000", "2999-01-01", False)], "x"),
        ([("99999999999999", today, False)], "x"),
    ):
        response = client.post(url, _plan_data(rows, reason))
        assert response.status_code == 400, rows
    assert [p.amount for p in grant.payouts.order_by("number")] == [
        Decimal("700.00"),
        Decimal("300.00"),
    ]


def test_the_resident_sees_what_is_paid_and_what_is_to_come(
    grant, backoffice, coordinator, applicant
):
    advance = services.payout_prepare(payout=advance_of(grant), user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=backoffice)
    client = Client()
    client.force_login(applicant)
    html = client.get(reverse("fonds:mine_detail", args=[grant.pk])).content.decode()
    assert 'data-payout-status="betaald"' in html and "Betaald op" in html
    assert 'data-payout-status="gepland"' in html and "verantwoording" in html
    assert "Uitbetaald: € 700,00" in html.replace("\xa0", " ")  # the timeline


def test_another_resident_sees_nothing_of_it(grant):
    other = UserFactory(role="huurder")
    client = Client()
    client.force_login(other)
    assert client.get(reverse("fonds:mine_detail", args=[grant.pk])).status_code == 404


def test_the_dashboard_panels(grant, backoffice, coordinator, second_coordinator):
    home = reverse("wagtailadmin_home")
    html = login(backoffice).get(home).content.decode()
    assert 'data-panel="payouts-to-prepare"' in html and grant.reference in html
    services.payout_prepare(payout=advance_of(grant), user=coordinator)
    html = login(second_coordinator).get(home).content.decode()
    assert 'data-panel="payouts-to-approve"' in html and grant.reference in html
    html = login(coordinator).get(home).content.decode()
    assert "Er wachten geen uitbetalingen op uw goedkeuring" in html
