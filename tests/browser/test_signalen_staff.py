"""The staff's casework in a real browser at a phone's width: a wijkbeheerder logs a
contact in the quick form in the street, finds it in the contact log, and opens a
dossier; every page reflows at 320 px and is axe-clean (no serious or critical)."""

import re

import pytest

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Bewoners van de portiek vragen om betere verlichting bij de ingang."


def settle_messages(page):
    """Wagtail's message bar fades in: axe reads its colours once it stands still."""
    page.locator(".messages .success").wait_for()
    for _ in range(50):  # evaluate, not wait_for_function: the admin's CSP forbids eval
        if page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            return
        page.wait_for_timeout(100)


def test_a_contact_logged_on_a_phone_and_a_dossier_opened(browser, browser_context_args, site):
    from portal.models import User
    from signalen.models import ContactMoment, Dossier, DossierRead

    staff = User.objects.get(email="wijkbeheerder@fijnewijk.test")
    page = new_page(browser, browser_context_args)
    page.set_viewport_size(PHONE)
    log_in(page, site, staff.email, next_url="/admin/", totp_secret=TOTP_SECRET)

    page.goto(site + "/admin/signalen/contacten/nieuw/")
    assert_reflows_and_accessible(page)
    # The defaults: now, the staff member's own wijk, a channel chosen.
    assert page.locator("#id_happened_at").input_value()
    assert page.locator("#id_wijk").input_value()
    page.get_by_label("Aan de deur").check()
    page.get_by_label("Kapot of onveilig").check()
    page.get_by_label("Schoonmaak").check()
    assert "gezondheid" in page.locator("#privacy-warning").inner_text()
    page.get_by_label(re.compile("^Korte samenvatting")).fill(SUMMARY)
    page.get_by_role("button", name="Contact vastleggen").click()
    page.wait_for_url("**/contacten/nieuw/?vastgelegd=1")
    assert "Het contact is vastgelegd." in page.locator("body").inner_text()
    contact = ContactMoment.objects.get(summary=SUMMARY)
    assert contact.logged_by == staff and contact.channel == "deur"
    assert sorted(contact.topics.values_list("signal_type", flat=True)) == ["kapot", "schoonmaak"]

    page.goto(site + "/admin/signalen/contacten/?mijn=1")
    assert_reflows_and_accessible(page)
    page.get_by_role("link", name=re.compile("Aan de deur")).first.click()
    page.wait_for_url(f"**/contacten/{contact.pk}/")
    assert SUMMARY in page.locator("main").inner_text()
    assert_reflows_and_accessible(page)

    page.get_by_role("link", name="Dossier openen vanuit dit contact").click()
    page.get_by_label("Adres", exact=True).first.check()
    page.get_by_label(re.compile("^Titel")).fill("Verlichting portiek")
    assert_reflows_and_accessible(page)
    page.get_by_role("button", name="Dossier openen").click()
    page.wait_for_url("**/admin/signalen/dossiers/*/")
    dossier = Dossier.objects.get(title="Verlichting portiek")
    main = page.locator("main").inner_text()
    assert dossier.reference in main and SUMMARY in main
    assert DossierRead.objects.filter(dossier=dossier, user=staff).count() == 1
    settle_messages(page)
    assert_reflows_and_accessible(page)

    page.goto(site + "/admin/signalen/dossiers/")
    assert "Verlichting portiek" in page.locator("main").inner_text()
    assert_reflows_and_accessible(page)
