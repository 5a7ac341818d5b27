"""In English on a phone: the pages reflow at 320 px and are axe-clean, and a form with
mistakes answers in English beside each field, with the summary on top, keeping what was
typed."""

import re

import pytest

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH_PAGES = [
    "/en/",
    "/en/beleid/",
    "/en/instrumenten/",
    "/en/wijken/maaskant/",
    "/en/initiatieven/",
    "/en/mijn/",
    "/en/mijn/aanvragen/",
    "/en/mijn/voorkeuren/",
    "/en/contact/",
]
FORM = "/en/fonds/aanvragen/nieuw/"


def test_english_on_a_phone_with_mistakes(browser, browser_context_args, site):
    page = new_page(browser, browser_context_args)
    page.set_viewport_size(PHONE)
    log_in(page, site, "huurder@fijnewijk.test", next_url="/en/mijn/")
    for path in ENGLISH_PAGES:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "en", path
        assert_reflows_and_accessible(page)

    page.goto(site + FORM)
    page.locator("#id_title").fill("Street party\nwith music")
    page.locator("#id_regels-0-description").fill("Tents")
    page.locator("#id_regels-0-amount").fill("three hundred")
    page.locator("#id_regels-1-description").fill("Music")
    page.locator("#id_regels-1-amount").fill("0,001")
    page.locator("#id_iban").fill("NL91ABNA0417164399")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=re.compile("Save as draft", re.I)).first.click()
    assert posted.value.status == 400
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert re.search(r"There (is|are) \d+ (error|mistake)", summary.inner_text()), (
        summary.inner_text()
    )
    text = page.locator("main").inner_text()
    assert "Enter an amount in euros" in text
    assert "at most two digits after the decimal comma" in text
    assert "IBAN" in text
    # Nothing typed was lost.
    assert page.locator("#id_regels-0-amount").input_value() == "three hundred"
    assert page.locator("#id_regels-1-description").input_value() == "Music"
    assert page.locator("#id_iban").input_value() == "NL91ABNA0417164399"
    assert page.locator("#id_title").input_value().startswith("Street party")
    # The link in the summary leads to the field.
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id").startswith("id_")
    assert_reflows_and_accessible(page)
    page.context.close()
