"""At a phone's viewport: a resident reports a melding with a photo and sees the reference
and the two dates; a staff member (with two-factor) acknowledges and answers it in the
admin; the resident sees the feedback. The resident pages reflow at 320 px and are
axe-clean, also for an anonymous visitor."""

import io
import re

import pytest
from PIL import Image

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import TOTP_SECRET, first_wijk_name, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DESCRIPTION = "De buitenlamp bij de voordeur van portiek 3 doet het al een week niet."
FEEDBACK = "De lamp is vandaag vervangen door de huismeester."
DUTCH_DATE = re.compile(
    r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} "
    r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
    r" \d{4}"
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def phone_page(browser, browser_context_args):
    page = new_page(browser, browser_context_args)
    page.set_viewport_size(PHONE)
    return page


def test_melding_from_report_to_feedback(browser, browser_context_args, site):
    # 0. An anonymous visitor reads that an anonymous melding gets no feedback.
    visitor = phone_page(browser, browser_context_args)
    visitor.goto(site + "/melden/")
    assert "anoniem" in visitor.locator("[data-anonymous-notice]").inner_text()
    assert_reflows_and_accessible(visitor)

    # 1. The resident reports a broken lamp with a photo.
    huurder = phone_page(browser, browser_context_args)
    log_in(huurder, site, "huurder@fijnewijk.test", next_url="/melden/")
    huurder.wait_for_url("**/melden/")
    assert huurder.get_by_role("heading", level=1).inner_text() == "Melding doen"
    assert_reflows_and_accessible(huurder)
    # First without a description: a Dutch message, and what was typed stays.
    huurder.get_by_label(re.compile(r"^Waar gaat uw melding over")).select_option(
        label="Kapot of onveilig"
    )
    huurder.get_by_label(re.compile(r"^Wijk")).select_option(label=first_wijk_name())
    huurder.get_by_label(re.compile(r"^Adres")).fill("Lindelaan 14")
    huurder.get_by_role("button", name="Melding versturen").click()
    huurder.wait_for_load_state()
    assert "Vertel ons wat er aan de hand is" in huurder.content()
    assert huurder.get_by_label(re.compile(r"^Adres")).input_value() == "Lindelaan 14"
    assert_reflows_and_accessible(huurder)

    huurder.get_by_label(re.compile(r"^Wat is er aan de hand")).fill(DESCRIPTION)
    huurder.locator("#id_photos").set_input_files(
        files=[{"name": "lamp.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    huurder.get_by_label(re.compile(r"^U mag contact met mij opnemen")).check()
    huurder.get_by_role("button", name="Melding versturen").click()
    huurder.wait_for_url("**/melden/verstuurd/**")
    reference = huurder.locator("[data-reference]").inner_text()
    assert re.fullmatch(r"M-\d{4}-\d{5}", reference)
    assert DUTCH_DATE.search(huurder.locator("[data-acknowledge-due]").inner_text())
    assert DUTCH_DATE.search(huurder.locator("[data-answer-due]").inner_text())
    assert_reflows_and_accessible(huurder)

    # 2. A staff member acknowledges and answers it in the admin.
    staff = phone_page(browser, browser_context_args)
    log_in(
        staff,
        site,
        "leefbaarheid@fijnewijk.test",
        next_url=f"/admin/meldingen/?q={reference}",
        totp_secret=TOTP_SECRET,
    )
    staff.get_by_role("link", name=reference).click()
    staff.wait_for_url(re.compile(r"/admin/meldingen/\d+/$"))
    assert DESCRIPTION in staff.content()
    assert staff.locator(".fw-photos img").count() == 1
    staff.get_by_role("button", name="Ontvangst bevestigen", exact=True).click()
    staff.wait_for_url(re.compile(r"/admin/meldingen/\d+/$"))
    assert "ontvangst is bevestigd" in staff.locator(".messages .success").inner_text()
    staff.get_by_label(re.compile(r"^Terugkoppeling aan de melder")).fill(FEEDBACK)
    staff.get_by_role("button", name="Terugkoppeling versturen").click()
    staff.wait_for_url(re.compile(r"/admin/meldingen/\d+/$"))
    assert "terugkoppeling is verstuurd" in staff.locator(".messages .success").inner_text()
    assert staff.locator("[data-status]").inner_text().startswith("Beantwoord")

    # 3. The resident sees the feedback in Mijn meldingen.
    huurder.goto(site + "/mijn/meldingen/")
    assert_reflows_and_accessible(huurder)
    huurder.get_by_role("link", name=re.compile(reference)).click()
    huurder.wait_for_url(f"**/mijn/meldingen/{reference}/")
    assert FEEDBACK in huurder.locator("[data-feedback]").inner_text()
    assert huurder.locator("[data-status]").inner_text() == "Beantwoord"
    assert_reflows_and_accessible(huurder)
