"""A resident applies to the liveability fund (a concept first, then submitted), a reviewer
acknowledges, takes it in review and proposes a grant above the four-eyes threshold, a
coordinator confirms it, and the resident sees the decision; plus a form with mistakes."""

import re
from datetime import date

import pytest

from .conftest import assert_reflows_and_accessible
from .test_initiative_journey import TOTP_SECRET, first_wijk_name, log_in, messages, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Speelochtend op het grasveld"
IBAN = "NL91ABNA0417164300"
ACKNOWLEDGE_LABEL = "Ontvangstbevestiging uiterlijk"
ANSWER_LABEL = "Uiterlijk antwoord"


def first_pillar_name() -> str:
    from cms.models import Pillar

    return str(Pillar.objects.order_by("sort_order").first())


def dutch_long_date(value) -> str:
    """A due moment as the resident's page shows it: "maandag 5 januari 2026"."""
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone, translation

    with translation.override("nl"):
        return date_filter(timezone.localtime(value), "l j F Y")


def fill_application(page, *, lines, contribution, iban=IBAN):
    """Fill in the whole form: the activity, the budget, the account and the declaration
    (the amount asked is computed, not typed)."""
    page.get_by_label(re.compile(r"^Wat is de activiteit")).fill(TITLE)
    page.get_by_label(re.compile(r"^Omschrijving en voor wie")).fill(
        "Zes moestuinbakken op het grasveld achter de flat, voor alle bewoners.\n"
        "Op zaterdag zaaien en oogsten we samen."
    )
    page.get_by_label(re.compile(r"^Wijk")).select_option(label=first_wijk_name())
    page.get_by_label(re.compile(r"^Pijler")).select_option(label=first_pillar_name())
    for i, (description, line_amount) in enumerate(lines):
        page.locator(f"#id_regels-{i}-description").fill(description)
        page.locator(f"#id_regels-{i}-amount").fill(line_amount)
    page.locator("#id_bijdragen-0-source").select_option(label="Eigen bijdrage")
    page.locator("#id_bijdragen-0-description").fill("Eigen bijdrage van de bewoners")
    page.locator("#id_bijdragen-0-amount").fill(contribution)
    page.get_by_label(re.compile(r"^IBAN")).fill(iban)
    page.get_by_label(re.compile(r"^Tenaamstelling rekening")).fill("Henk de Huurder")
    page.get_by_label(re.compile(r"^Verklaring")).check()


def press_action(page, name: str) -> None:
    """Press one action button on the application's admin page and expect Wagtail's success."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    success = page.locator(".messages .success")
    success.wait_for()
    # A sentence that says what happened, not a bare "Gelukt."
    text = success.inner_text()
    assert "Gelukt" not in text and len(text.split()) >= 4, page.locator(".messages").inner_text()


def test_fund_application_from_concept_to_confirmed_grant(browser, browser_context_args, site):
    # 1. The resident fills in the form and saves a concept first.
    huurder = new_page(browser, browser_context_args)
    log_in(huurder, site, "huurder@fijnewijk.test", next_url="/fonds/aanvragen/nieuw/")
    huurder.wait_for_url("**/fonds/aanvragen/nieuw/")
    assert huurder.get_by_role("heading", level=1).inner_text().startswith("Bijdrage aanvragen")
    assert_reflows_and_accessible(huurder)

    # 900 + 300,50 costs, 50,50 own money: 1.150 asked, above the € 1.000 of four eyes.
    fill_application(
        huurder,
        lines=[("Moestuinbakken en aarde", "900"), ("Zaad, planten en gereedschap", "300,50")],
        contribution="50,50",
    )
    assert re.fullmatch(r"€\s1\.150,00", huurder.locator("[data-sum=requested]").inner_text())
    huurder.get_by_role("button", name="Opslaan als concept").click()
    huurder.wait_for_url(re.compile(r"/fonds/aanvragen/\d+/bewerken/$"))
    assert "Uw aanvraag is opgeslagen als concept" in messages(huurder)
    pk = re.search(r"/fonds/aanvragen/(\d+)/", huurder.url).group(1)
    edit_path = f"/fonds/aanvragen/{pk}/bewerken/"
    detail_path = f"/mijn/aanvragen/{pk}/"

    # 2. Away and back through "Mijn aanvragen": the concept is there, with what was typed.
    huurder.goto(site + "/mijn/aanvragen/")
    row = huurder.get_by_role("row").filter(has_text=TITLE)
    assert "Concept" in row.get_by_role("rowheader").inner_text()
    assert "Concept" in row.get_by_role("cell").first.inner_text()
    assert re.search(r"€\s1\.150,00", row.inner_text()), row.inner_text()
    assert_reflows_and_accessible(huurder)
    row.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    huurder.wait_for_url("**" + edit_path)
    assert huurder.get_by_label(re.compile(r"^Wat is de activiteit")).input_value() == TITLE
    assert huurder.locator("#id_regels-1-amount").input_value() == "300,50"
    assert huurder.locator("#id_bijdragen-0-amount").input_value() == "50,50"
    assert re.fullmatch(r"€\s1\.150,00", huurder.locator("[data-sum=requested]").inner_text())
    assert huurder.get_by_label(re.compile(r"^Verklaring")).is_checked()

    # 3. Submitted: a reference number and the terms the resident may count on.
    huurder.get_by_role("button", name="Indienen", exact=True).click()
    huurder.wait_for_url("**" + detail_path)
    year = date.today().year
    reference_match = re.search(
        rf"Uw aanvraag is ingediend met kenmerk (LF-{year}-\d{{5}})\.", messages(huurder)
    )
    assert reference_match, messages(huurder)
    reference = reference_match.group(1)
    assert huurder.locator("h1").inner_text() == TITLE
    lead = huurder.locator(".fw-lead").inner_text()
    assert reference in lead
    assert "Ingediend" in lead

    from fonds.models import Application

    application = Application.objects.get(pk=pk)
    assert application.reference == reference
    acknowledge = huurder.locator(f".fw-terms dt:text-is('{ACKNOWLEDGE_LABEL}') + dd")
    answer = huurder.locator(f".fw-terms dt:text-is('{ANSWER_LABEL}') + dd")
    assert acknowledge.inner_text().strip() == dutch_long_date(application.acknowledge_due)
    assert answer.inner_text().strip() == dutch_long_date(application.answer_due)
    assert application.submitted_at < application.acknowledge_due < application.answer_due
    assert_reflows_and_accessible(huurder)

    # 4. The reviewer acknowledges it, takes it in review and proposes the grant.
    reviewer = new_page(browser, browser_context_args)
    log_in(
        reviewer,
        site,
        "leefbaarheid@fijnewijk.test",
        next_url="/admin/fonds/aanvragen/",
        totp_secret=TOTP_SECRET,
    )
    reviewer.goto(site + "/admin/fonds/aanvragen/")
    reviewer.get_by_role("row").filter(has_text=reference).get_by_role("link").first.click()
    inspect_url = re.compile(rf"/admin/fonds/aanvragen/inspect/{pk}/$")
    reviewer.wait_for_url(inspect_url)
    press_action(reviewer, "Ontvangst bevestigen")
    press_action(reviewer, "In behandeling nemen")
    # Choosing another reviewer is a page of its own (the application page reads no list
    # of reviewers): reachable from the page, readable at 320 px, and back.
    reviewer.get_by_role("link", name="Andere behandelaar kiezen").click()
    reviewer.wait_for_url(re.compile(rf"/admin/fonds/aanvragen/action/{pk}/assign/$"))
    assert reviewer.get_by_label("Andere behandelaar").count() == 1
    assert_reflows_and_accessible(reviewer)
    reviewer.get_by_role("link", name="Terug naar de aanvraag").click()
    reviewer.wait_for_url(inspect_url)
    # One decision form: above the four-eyes threshold its button proposes, and a second
    # person confirms.
    decision = reviewer.locator("form[data-decision]")
    decision.get_by_label("Toekennen", exact=True).check()
    button = decision.get_by_role("button", name="Voorstel ter bevestiging versturen")
    assert button.count() == 1
    decision.get_by_label(re.compile(r"^Motivering")).fill(
        "Past bij de pijler en komt alle bewoners van de flat ten goede."
    )
    press_action(reviewer, "Voorstel ter bevestiging versturen")
    reviewer.wait_for_url(inspect_url)
    assert not reviewer.get_by_role("button", name="Besluit bevestigen").count()

    # 5. The coordinator, a second pair of eyes, confirms it.
    coordinator = new_page(browser, browser_context_args)
    log_in(
        coordinator,
        site,
        "coordinator@fijnewijk.test",
        next_url=f"/admin/fonds/aanvragen/inspect/{pk}/",
        totp_secret=TOTP_SECRET,
    )
    coordinator.wait_for_url(inspect_url)
    press_action(coordinator, "Besluit bevestigen")
    coordinator.wait_for_url(inspect_url)
    assert not coordinator.get_by_role("button", name="Besluit bevestigen").count()
    # The ledger list and the timeline both name the commitment; either shows the amount.
    ledger = coordinator.locator("li").filter(has_text="Vastgelegd").first
    assert re.search(r"€\s1\.150,00", ledger.inner_text()), ledger.inner_text()
    application.refresh_from_db()
    assert application.status == "toegekend"
    assert application.confirmed_by.email == "coordinator@fijnewijk.test"

    # 6. The resident sees the decision and is told in "Mijn overzicht".
    huurder.goto(site + detail_path)
    decision = huurder.get_by_role("region", name="Het besluit")
    assert re.search(r"Toegekend: €\s1\.150,00", decision.inner_text()), decision.inner_text()
    assert "Past bij de pijler" in decision.inner_text()
    assert "Toegekend" in huurder.locator(".fw-lead .fw-badge").inner_text()
    letter = huurder.get_by_role("region", name="Brieven").get_by_role(
        "link", name=f"Uw aanvraag {reference} is toegekend"
    )
    pdf = huurder.request.get(site + letter.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert_reflows_and_accessible(huurder)
    huurder.goto(site + "/mijn/")
    notifications = huurder.locator(".fw-notifications > li")
    granted = notifications.filter(has_text=f"Uw aanvraag {reference} is toegekend")
    assert granted.count() == 1, huurder.locator(".fw-notifications").inner_text()
    assert re.search(r"U ontvangt €\s1\.150,00", granted.inner_text()), granted.inner_text()
    assert "Past bij de pijler" in granted.inner_text()
    assert notifications.filter(has_text=f"Wij hebben uw aanvraag {reference} ontvangen").count()
    assert_reflows_and_accessible(huurder)

    for page in (huurder, reviewer, coordinator):
        page.context.close()


def post_form(page, button: str) -> int:
    """Press a submit button of the form; the status of the POST it sends."""
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value.status


def test_application_with_mistakes_shows_dutch_errors_and_keeps_input(
    browser, browser_context_args, site
):
    from fonds.models import Application

    page = new_page(browser, browser_context_args)
    log_in(page, site, "huurder@fijnewijk.test", next_url="/fonds/aanvragen/nieuw/")
    page.wait_for_url("**/fonds/aanvragen/nieuw/")
    # 300 + 150,50 costs and 500 of other money leave nothing to ask; and the IBAN's
    # check digits are wrong.
    fill_application(
        page,
        lines=[("Moestuinbakken", "300"), ("Zaad en planten", "150,50")],
        contribution="500",
        iban="NL91ABNA0417164399",
    )

    # 1. The IBAN is refused beside its field; everything typed is still there.
    assert post_form(page, "Indienen") == 400
    iban_error = page.locator("#id_iban_error")
    iban_error.wait_for()
    assert (
        iban_error.inner_text()
        .strip()
        .startswith("Dit IBAN klopt niet: de controlecijfers kloppen niet")
    )
    iban = page.get_by_label(re.compile(r"^IBAN"))
    assert iban.input_value() == "NL91ABNA0417164399"
    assert iban.get_attribute("aria-invalid") == "true"
    assert "id_iban_error" in iban.get_attribute("aria-describedby")
    summary = page.locator("[data-error-summary]")
    assert "Er is 1 fout" in summary.inner_text()
    assert page.get_by_label(re.compile(r"^Wat is de activiteit")).input_value() == TITLE
    assert page.locator("#id_regels-1-amount").input_value() == "150,50"
    assert page.locator("#id_bijdragen-0-amount").input_value() == "500"
    assert page.get_by_label(re.compile(r"^Verklaring")).is_checked()
    assert_reflows_and_accessible(page)

    # 2. With a good IBAN the budget that leaves nothing to ask is refused, with the sums.
    iban.fill(IBAN)
    assert post_form(page, "Indienen") == 400
    budget_error = page.locator("#regels_error")
    budget_error.wait_for()
    assert re.search(
        r"De kosten zijn €\s450,50 en de andere bijdragen €\s500,00; er blijft dus niets over",
        budget_error.inner_text(),
    ), budget_error.inner_text()
    assert page.locator("[data-error-summary] a[href='#kosten']").count() == 1
    assert page.get_by_label(re.compile(r"^Wat is de activiteit")).input_value() == TITLE
    assert page.locator("#id_regels-0-amount").input_value() == "300,00"
    assert page.locator("#id_regels-1-amount").input_value() == "150,50"
    assert page.get_by_label(re.compile(r"^IBAN")).input_value() == IBAN
    assert_reflows_and_accessible(page)

    # 3. Corrected, it goes in: once, as the same application, not as a second one.
    page.locator("#id_bijdragen-0-amount").fill("50,50")
    status = post_form(page, "Indienen")
    page.wait_for_load_state()
    assert status == 302, (
        f"the corrected application was refused ({status}) at {page.url}: "
        + page.get_by_role("alert").first.inner_text()
    )
    page.wait_for_url(re.compile(r"/mijn/aanvragen/\d+/$"))
    assert "Uw aanvraag is ingediend met kenmerk LF-" in messages(page)
    mine = Application.objects.filter(applicant__email="huurder@fijnewijk.test", title=TITLE)
    assert [(a.status, a.amount_requested) for a in mine] == [("ingediend", 400)]
    page.context.close()
