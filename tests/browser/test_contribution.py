"""Chipping in on a funded initiative, on a phone: from the initiative's page to the
contribution form (a mistake answered in Dutch beside the field, what was typed kept),
then to the payment step. Stripe.js cannot load here (no internet; the test blocks it to
be sure): the page says so in Dutch instead of leaving an empty box. The payment itself
is tested through the API against localstripe (tests/fonds/test_cofunding.py)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from fonds import services
from fonds.models import Application, Donation, FundYear, Status
from initiatieven.models import Initiative
from initiatieven.models import Status as InitiativeStatus
from tests.fonds.cofunding_helpers import localstripe_base, switch_on

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def funded(site, settings):
    switch_on(settings, localstripe_base())
    initiative = Initiative.objects.filter(status=InitiativeStatus.GEPUBLICEERD).first()
    FundYear.objects.get_or_create(
        year=timezone.localdate().year, defaults={"budget": Decimal("50000")}
    )
    application = Application.objects.create(
        applicant=initiative.initiator,
        title="Bankjes op het plein",
        wijk=initiative.wijk,
        initiative=initiative,
        amount_requested=Decimal("400"),
        granted_amount=Decimal("400"),
        status=Status.TOEGEKEND,
        reference="LF-B-1",
        decided_at=timezone.now(),
    )
    services.ledger_commit(application=application, amount=Decimal("400"), user=None)
    return initiative


def test_chip_in_up_to_the_payment_step_on_a_phone(browser, browser_context_args, site, funded):
    page = new_page(browser, browser_context_args)
    page.route("https://js.stripe.com/**", lambda route: route.abort())
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/initiatieven/{funded.pk}/")
    section = page.locator("[data-contribution]")
    assert "Samen opgehaald" in section.inner_text()
    section.get_by_role("link", name="Betaal mee aan dit initiatief").click()
    page.wait_for_url(f"**/initiatieven/{funded.pk}/meebetalen/")
    assert_reflows_and_accessible(page)

    page.get_by_label("Bedrag in euro").fill("1e100")
    page.get_by_label("Uw naam of de naam van uw bedrijf (niet verplicht)").fill("Bakkerij Zoet")
    page.get_by_label("E-mailadres").fill("bakker@example.nl")
    page.get_by_label("bedrijf of organisatie").check()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Verder naar betalen").click()
    assert posted.value.status == 400
    page.wait_for_load_state()
    assert "zonder e-notatie" in page.locator("main").inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "bakker@example.nl"
    assert_reflows_and_accessible(page)
    assert not Donation.objects.exists()

    page.get_by_label("Bedrag in euro").fill("12,50")
    page.get_by_role("button", name="Verder naar betalen").click()
    page.wait_for_url(f"**/initiatieven/{funded.pk}/meebetalen/*/")
    message = page.locator("[data-stripe-missing]")
    assert message.is_visible()
    assert "kon niet worden geladen" in message.inner_text()
    assert "€ 12,50" in page.locator("main").inner_text().replace("\xa0", " ")
    assert_reflows_and_accessible(page)
    donation = Donation.objects.get()
    assert donation.amount == Decimal("12.50") and donation.is_business
    assert donation.status == Donation.Status.OPEN
