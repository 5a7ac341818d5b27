"""The fund queue's light table and the dashboard's role panels in a real browser: the
coordinator finds an application in the queue, and both pages are axe-clean."""

import pytest

from .conftest import assert_no_serious_axe_violations
from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def coordinator_page(browser, browser_context_args, site):
    """A new page, signed in as the demo coordinator with her second factor."""
    page = new_page(browser, browser_context_args)
    log_in(page, site, "coordinator@fijnewijk.test", next_url="/admin/", totp_secret=TOTP_SECRET)
    return page


def test_the_coordinator_works_from_the_queue_and_the_panels(browser, browser_context_args, site):
    from fonds.models import Application, Status

    application = (
        Application.objects.exclude(status=Status.CONCEPT)
        .filter(queue_due__isnull=False)
        .order_by("queue_due", "-pk")
        .first()
    )
    page = coordinator_page(browser, browser_context_args, site)
    page.goto(site + "/admin/")
    assert page.locator('[data-panel="coordinator"] h2').inner_text().startswith("Het fonds")
    assert_no_serious_axe_violations(page)
    page.goto(site + "/admin/fonds/aanvragen/?alle_wijken=1")
    assert page.locator("table.listing tbody tr").count() >= 1
    assert_no_serious_axe_violations(page)
    page.get_by_role("row").filter(has_text=application.reference).get_by_role("link").first.click()
    page.wait_for_url(f"**/admin/fonds/aanvragen/inspect/{application.pk}/")


def test_a_filter_chosen_in_the_kept_drawer_refreshes_the_queue(
    browser, browser_context_args, site
):
    """The filters drawer comes from the cache (fonds.queue_cache); choosing a status in
    it still refreshes the results in place, with its chip, the address and the drawer
    showing the choice."""
    import re

    page = coordinator_page(browser, browser_context_args, site)
    page.goto(site + "/admin/fonds/aanvragen/?alle_wijken=1")
    page.locator("#filters-drilldown .w-dropdown__toggle").first.click()
    page.locator("#filters-drilldown .w-drilldown__toggle", has_text="Status").click()
    page.locator("#drilldown-id_status label", has_text="Ontvangen").click()
    page.wait_for_url(re.compile(r".*status=ontvangen.*"))
    chip = page.locator(".w-active-filters .w-pill")
    chip.first.wait_for()
    assert "Ontvangen" in chip.first.inner_text()
    statuses = page.locator("table.listing tbody tr td:nth-child(4)").all_inner_texts()
    assert statuses and set(statuses) == {"Ontvangen"}
    assert page.locator('#drilldown-id_status input[value="ontvangen"]').is_checked()
    assert_no_serious_axe_violations(page)
