"""The money overview and the resident's timeline in a real browser: the coördinator
reads the year per wijk, a wijk's grants and one grant's money, the resident reads the
timeline of their grant with its next step; every page reflows at 320 px (the wide
tables scroll inside their own region) and is axe-clean."""

import datetime as dt
from decimal import Decimal

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_reflows_and_accessible,
    document_overflow,
    widest_elements,
)
from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _pay_the_advance(application):
    """The demo's grant: its advance prepared, approved, sent and paid (real services)."""
    from django.utils import timezone

    from fonds import services
    from fonds.models import PaymentBatch
    from portal.models import User

    back_office = User.objects.filter(groups__name="ondersteuner-sociaal-beheer").first()
    coordinator = User.objects.get(email="coordinator@fijnewijk.test")
    advance = application.payouts.order_by("number").first()
    if advance.status == "betaald":  # the demo data paid it already
        return advance
    advance = services.payout_prepare(payout=advance, user=back_office)
    advance = services.payout_approve(payout=advance, user=coordinator)
    batch = PaymentBatch.objects.create(
        message_id="FW-BROWSER-1",
        created_by=back_office,
        execution_date=timezone.localdate(),
        debtor_iban="NL91ABNA0417164300",
        count=1,
        total=advance.amount,
        xml="<Document/>",
        sha256="0" * 64,
    )
    services.payouts_into_batch(payouts=[advance], batch=batch, user=back_office)
    advance.refresh_from_db()
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=back_office)
    return advance


def test_the_money_overview_and_the_residents_timeline(browser, browser_context_args, site):
    from fonds.models import AccountabilityReport, Application, Status
    from tests.fonds.payout_factories import DonationFactory

    grant = Application.objects.get(
        applicant__email="huurder@fijnewijk.test", status=Status.TOEGEKEND
    )
    _pay_the_advance(grant)
    # The grant's report was opened at the decision (services.report_open).
    AccountabilityReport.objects.update_or_create(
        application=grant, defaults={"due_date": dt.date.today() + dt.timedelta(weeks=8)}
    )
    DonationFactory(application=grant, amount=Decimal("25.00"), show_name=True)

    staff = new_page(browser, browser_context_args)
    log_in(staff, site, "coordinator@fijnewijk.test", next_url="/admin/", totp_secret=TOTP_SECRET)
    staff.goto(site + "/admin/")
    staff.locator('[data-panel="coordinator"]').get_by_role(
        "link", name="Geldoverzicht per wijk"
    ).click()
    staff.wait_for_url("**/admin/fonds/geld/")
    table = staff.locator("[data-money-table]")
    assert "Het geld van het fonds per wijk" in table.locator("caption").inner_text()
    assert "€" in table.locator("tfoot").inner_text()
    for size in (PHONE, DESKTOP):
        staff.set_viewport_size(size)
        assert document_overflow(staff) == 0, widest_elements(staff)
        assert_no_serious_axe_violations(staff)
    staff.set_viewport_size(DESKTOP)
    staff.locator(f'[data-wijk="{grant.wijk_id}"] th a').click()
    staff.wait_for_url("**/toekenningen/?wijk=*")
    assert grant.reference in staff.locator("[data-grants-table]").inner_text()
    for size in (PHONE, DESKTOP):
        staff.set_viewport_size(size)
        assert document_overflow(staff) == 0, widest_elements(staff)
        assert_no_serious_axe_violations(staff)
    staff.get_by_role("link", name=grant.reference).click()
    staff.wait_for_url(f"**/admin/fonds/geld/toekenning/{grant.pk}/")
    assert "Betaald" in staff.locator("[data-tranches]").inner_text()
    assert "Bakkerij De Linde" in staff.locator("[data-donations]").inner_text()
    for size in (PHONE, DESKTOP):
        staff.set_viewport_size(size)
        assert document_overflow(staff) == 0, widest_elements(staff)
        assert_no_serious_axe_violations(staff)

    resident = new_page(browser, browser_context_args)
    resident.set_viewport_size(PHONE)
    log_in(resident, site, "huurder@fijnewijk.test")
    resident.goto(site + f"/mijn/aanvragen/{grant.pk}/")
    next_step = resident.locator("[data-next-step]").inner_text()
    assert "Lever uw verantwoording in vóór" in next_step
    timeline = resident.locator("[data-resident-timeline]").inner_text()
    assert "Voorschot van" in timeline and "betaald" in timeline
    assert "Gepland" in timeline and "Bijdrage van" in timeline and "25,00" in timeline
    assert_reflows_and_accessible(resident)
