"""A resident accounts for a grant on a phone: from Mijn aanvragen to the report form, a
first save with a mistake that keeps what was typed, then the report with a receipt,
handed in. The form reflows at 320 px and is axe-clean."""

import re

import pytest

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import log_in, messages, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_resident_submits_a_report_with_a_receipt(browser, browser_context_args, site):
    from fonds.models import AccountabilityReport, Application

    application = Application.objects.get(title="Bankjes bij de speeltuin")
    huurder = new_page(browser, {**browser_context_args, "viewport": PHONE})
    log_in(huurder, site, "huurder@fijnewijk.test")
    huurder.goto(site + "/mijn/aanvragen/")
    huurder.get_by_role("link", name=re.compile(r"^Verantwoording uiterlijk")).first.click()
    huurder.wait_for_url(f"**/mijn/aanvragen/{application.pk}/verantwoording/")
    assert_reflows_and_accessible(huurder)

    huurder.get_by_label(re.compile(r"^Wat is er gebeurd")).fill(
        "Twee bankjes staan nu naast de speeltuin.\nDe buren hielpen met plaatsen."
    )
    huurder.get_by_label(re.compile(r"^Aantal deelnemers")).fill("veel")
    huurder.get_by_label(re.compile(r"^Twee bankjes")).fill("580,00")
    huurder.get_by_role("button", name="Opslaan", exact=True).click()
    huurder.wait_for_load_state()
    # The mistake is named; what was typed is still there.
    assert "heel getal" in huurder.locator("main").inner_text()
    assert (
        "De buren hielpen" in huurder.get_by_label(re.compile(r"^Wat is er gebeurd")).input_value()
    )
    assert_reflows_and_accessible(huurder)

    huurder.get_by_label(re.compile(r"^Aantal deelnemers")).fill("25")
    huurder.get_by_label(re.compile(r"^Plaatsen")).fill("150")
    huurder.get_by_label(re.compile(r"^Bonnen en facturen")).set_input_files(
        files=[{"name": "bon-bankjes.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    huurder.get_by_role("button", name="Verantwoording indienen").click()
    huurder.wait_for_url(f"**/mijn/aanvragen/{application.pk}/")
    assert "ingediend" in messages(huurder)
    assert_reflows_and_accessible(huurder)

    report = AccountabilityReport.objects.get(application=application)
    assert report.status == "ingediend" and report.participants == 25
    assert report.files.filter(kind="bon").count() == 1
    huurder.goto(site + f"/mijn/aanvragen/{application.pk}/verantwoording/")
    assert "bon-bankjes" in huurder.locator("[data-report-summary]").inner_text()
    assert_reflows_and_accessible(huurder)
