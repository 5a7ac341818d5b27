"""A coordinator approves a payout the back office prepared, in the admin at phone
width: the list of payouts waiting for them, the bulk approval, and the application's
page showing the approved tranche; every page axe-clean."""

import pytest

from .conftest import PHONE, assert_no_serious_axe_violations
from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_coordinator_approves_a_prepared_payout(browser, browser_context_args, site):
    from fonds.models.payouts import Payout, PayoutStatus

    prepared = Payout.objects.select_related("application").get(status=PayoutStatus.KLAAR)
    page = new_page(browser, browser_context_args)
    page.set_viewport_size(PHONE)
    log_in(
        page,
        site,
        "coordinator@fijnewijk.test",
        next_url="/admin/",
        totp_secret=TOTP_SECRET,
    )
    page.goto(site + "/admin/")
    panel = page.locator('[data-panel="payouts-to-approve"]')
    assert prepared.application.reference in panel.inner_text()
    page.goto(site + "/admin/fonds/uitbetalingen/?mine=on")
    assert_no_serious_axe_violations(page)
    row = page.locator(f'tr[data-payout="{prepared.pk}"]')
    row.get_by_role("checkbox").check()
    page.locator('[data-bulk="approve"]').click()
    page.wait_for_load_state()
    page.locator(".messages .success").wait_for()
    assert "1 uitbetaling is goedgekeurd." in page.locator(".messages").inner_text()
    # Wagtail's own message fades in; the list itself is checked again without it.
    page.goto(site + "/admin/fonds/uitbetalingen/?status=goedgekeurd")
    assert page.locator(f'tr[data-payout="{prepared.pk}"]').count() == 1
    assert_no_serious_axe_violations(page)
    prepared.refresh_from_db()
    assert prepared.status == PayoutStatus.GOEDGEKEURD
    assert prepared.approved_by.email == "coordinator@fijnewijk.test"
    page.goto(site + f"/admin/fonds/aanvragen/inspect/{prepared.application_id}/#uitbetalingen")
    section = page.locator("[data-payouts-section]")
    assert "Goedgekeurd" in section.inner_text()
    assert_no_serious_axe_violations(page)
