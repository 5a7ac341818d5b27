"""The back office pays a grant: it makes the payment file of the approved tranches and
downloads it, reads the bank's statement that shows the payment, and the resident then
sees "Betaald" in Mijn aanvragen. Every page at phone width and on the desktop, axe-clean."""

import re
from decimal import Decimal

import pytest

from .conftest import assert_reflows_and_accessible
from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

OWN = "NL02ABNA0123456789"


def approved_advance():
    """The demo resident's grant with its advance tranche prepared and approved (through
    the services, by the demo's back office and coordinator)."""
    from django.utils import timezone

    from cms.models import Pillar
    from fonds import services
    from fonds.models import Application, BudgetLine, FundYear, Status
    from portal.models import User

    resident = User.objects.get(email="huurder@fijnewijk.test")
    backoffice = User.objects.get(email="ondersteuner@fijnewijk.test")
    coordinator = User.objects.get(email="coordinator@fijnewijk.test")
    year, _ = FundYear.objects.get_or_create(
        year=timezone.localdate().year, defaults={"budget": Decimal("50000")}
    )
    now = timezone.now()
    application = Application.objects.create(
        applicant=resident,
        title="Bankjes bij de speeltuin",
        description="Twee bankjes voor de ouders bij de speeltuin.",
        wijk=resident.wijk,
        pillar=Pillar.objects.order_by("sort_order").first(),
        amount_requested=Decimal("800.00"),
        iban="NL91ABNA0417164300",
        account_holder="Henk de Huurder",
        declaration=True,
        status=Status.BESLUIT_VOORGESTELD,
        reference="LF-BANK-1",
        submitted_at=now,
        acknowledge_due=now,
        target_due=now,
        answer_due=now + timezone.timedelta(days=10),
    )
    BudgetLine.objects.create(application=application, description="Bankjes", amount=Decimal("800"))
    services.ledger_commit(application=application, amount=Decimal("800.00"), user=coordinator)
    Application.objects.filter(pk=application.pk).update(
        status=Status.TOEGEKEND, granted_amount=Decimal("800.00"), decided_at=now
    )
    application.refresh_from_db()
    services.payout_plan_create(application=application, user=coordinator)
    advance = application.payouts.order_by("number").first()
    advance = services.payout_prepare(payout=advance, user=backoffice)
    return services.payout_approve(payout=advance, user=coordinator)


def test_export_a_payment_file_read_the_statement_and_the_resident_sees_paid(
    browser, browser_context_args, site, tmp_path
):
    from fonds.models import Payout, PayoutStatus
    from tests.fonds.camt import Statement

    payout = approved_advance()

    # 1. The back office makes the payment file and downloads it.
    office = new_page(browser, browser_context_args)
    log_in(
        office,
        site,
        "ondersteuner@fijnewijk.test",
        next_url="/admin/fonds/betaalbestanden/",
        totp_secret=TOTP_SECRET,
    )
    office.wait_for_url("**/admin/fonds/betaalbestanden/")
    assert_reflows_and_accessible(office)
    office.get_by_role("link", name="Betaalbestand maken").click()
    office.wait_for_url("**/betaalbestanden/maken/")
    assert "goedgekeurde uitbetaling" in office.locator("main").inner_text()
    assert_reflows_and_accessible(office)
    office.get_by_role("button", name="Betaalbestand maken").click()
    office.wait_for_url(re.compile(r".*/betaalbestanden/\d+/$"))
    assert "is gemaakt met" in office.locator(".messages .success").inner_text()
    assert payout.end_to_end_id in office.locator("main").inner_text()
    office.reload()  # axe reads the page, not the success message fading in
    assert_reflows_and_accessible(office)
    with office.expect_download() as download:
        office.get_by_role("link", name="Betaalbestand downloaden (XML)").click()
    saved = tmp_path / "betaal.xml"
    download.value.save_as(saved)
    assert payout.end_to_end_id in saved.read_text()

    # 2. The bank's statement shows the payment and something unknown.
    payout = Payout.objects.select_related("application").get(pk=payout.pk)
    assert payout.status == PayoutStatus.IN_BATCH
    statement = tmp_path / "afschrift.xml"
    statement.write_bytes(
        Statement(OWN, statement_id="AFS-BROWSER")
        .paid(payout)
        .received("19.95", remittance="Onbekende storting")
        .xml()
    )
    office.goto(site + "/admin/fonds/bankafschriften/")
    assert_reflows_and_accessible(office)
    office.get_by_role("link", name="Bankafschrift inlezen").last.click()
    office.wait_for_url("**/bankafschriften/inlezen/")
    assert_reflows_and_accessible(office)
    office.get_by_label("Bankafschrift (camt.053, XML)").set_input_files(str(statement))
    office.get_by_role("button", name="Inlezen").click()
    office.wait_for_url(re.compile(r".*/bankafschriften/\d+/$"))
    main = office.locator("main").inner_text()
    assert "LF-BANK-1" in main and "Onbekende storting" in main
    office.reload()
    assert_reflows_and_accessible(office)

    # 3. The resident sees the tranche paid in Mijn aanvragen.
    resident = new_page(browser, browser_context_args)
    from django.urls import reverse

    mine = reverse("fonds:mine_detail", args=[payout.application_id])
    log_in(resident, site, "huurder@fijnewijk.test", next_url=mine)
    resident.goto(site + mine)
    paid = resident.locator('[data-payouts] [data-payout-status="betaald"]')
    assert paid.count() == 1
    assert "betaald" in paid.inner_text().lower()
    assert_reflows_and_accessible(resident)
