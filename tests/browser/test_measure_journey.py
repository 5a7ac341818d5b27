"""A moderator takes commenting away from the author of a reported comment for a week; the
author still signs in, sees the measure with its reason in Mijn overzicht, objects, can
still support; a coordinator reads the objection and lifts the measure."""

import re

import pytest

from .conftest import assert_no_serious_axe_violations
from .test_initiative_journey import TOTP_SECRET, log_in, messages, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REASON = "U noemde het idee van een buur onzin; houd het vriendelijk."


def reported_comment():
    """A reported comment of the demo data in the HWZ moderator's werkgebied."""
    from initiatieven.models import Comment
    from portal.models import User

    hwz = User.objects.get(email="hwz@fijnewijk.test")
    return (
        Comment.objects.filter(reports__resolved_at=None, initiative__wijk__in=hwz.werkgebied.all())
        .select_related("author", "initiative")
        .order_by("pk")
        .first()
    )


def test_a_measure_from_report_to_objection_and_lift(browser, browser_context_args, site):
    comment = reported_comment()
    author = comment.author.email
    initiative_path = f"/initiatieven/{comment.initiative_id}/"

    # 1. The HWZ moderator takes commenting away for a week (not "until lifted").
    hwz = new_page(browser, browser_context_args)
    inspect = f"/admin/initiatieven/reacties/inspect/{comment.pk}/"
    log_in(hwz, site, "hwz@fijnewijk.test", next_url=inspect, totp_secret=TOTP_SECRET)
    hwz.goto(site + inspect)
    duration = hwz.get_by_label("Hoe lang?")
    assert "tot een coördinator hem opheft" not in duration.inner_text()
    hwz.get_by_label("Wat kan de schrijver tijdelijk niet meer?").select_option(
        label="reageren en reacties melden"
    )
    duration.select_option(label="1 week")
    hwz.get_by_label("Reden", exact=True).fill(REASON)
    hwz.get_by_role("button", name="Maatregel opleggen").click()
    success = hwz.locator(".messages .success")
    success.wait_for()
    assert "Maatregel opgelegd (reageren en reacties melden, tot " in success.inner_text()

    # 2. The author still signs in and sees the measure, why and until when.
    resident = new_page(browser, browser_context_args)
    log_in(resident, site, author, next_url="/mijn/")
    resident.goto(site + "/mijn/")
    section = resident.locator("#maatregelen")
    assert REASON in section.inner_text()
    # The end is written out, in Amsterdam time: "tot donderdag 3 december 2026 om 04:54".
    assert re.search(r"tot \w+ \d{1,2} \w+ \d{4} om \d{2}:\d{2}", section.inner_text())
    assert_no_serious_axe_violations(resident)

    # 3. Commenting is refused with the reason; supporting is not taken away.
    resident.goto(site + initiative_path)
    aside = resident.locator("#reacties").inner_text()
    assert "voor uw account geldt een maatregel" in aside and REASON in aside
    assert not resident.get_by_role("button", name="Plaats reactie").count()

    # 4. The author objects; an empty objection is refused in Dutch first.
    resident.goto(site + "/mijn/")
    resident.locator("#maatregelen").get_by_role("link", name="Bezwaar maken").click()
    resident.wait_for_url(re.compile(r"/mijn/maatregelen/\d+/bezwaar/$"))
    assert_no_serious_axe_violations(resident)
    resident.get_by_role("button", name="Bezwaar versturen").click()
    assert "Schrijf waarom u het er niet mee eens bent." in resident.content()
    resident.get_by_label(re.compile(r"^Waarom bent u het niet eens")).fill(
        "Ik bedoelde het niet persoonlijk."
    )
    resident.get_by_role("button", name="Bezwaar versturen").click()
    resident.wait_for_url("**/mijn/#maatregelen")
    assert "Uw bezwaar is ontvangen" in messages(resident)

    # 5. The coordinator is told, opens the measure and lifts it.
    coordinator = new_page(browser, browser_context_args)
    log_in(
        coordinator,
        site,
        "coordinator@fijnewijk.test",
        next_url="/admin/maatregelen/",
        totp_secret=TOTP_SECRET,
    )
    coordinator.goto(site + "/mijn/")
    coordinator.locator(".fw-notifications").get_by_role(
        "link", name=re.compile("Bezwaar tegen een maatregel")
    ).first.click()
    coordinator.wait_for_url(re.compile(r"/admin/maatregelen/inspect/\d+/$"))
    assert "Ik bedoelde het niet persoonlijk." in coordinator.content()
    coordinator.get_by_label(re.compile(r"^Toelichting voor de bewoner")).fill("Bezwaar terecht.")
    coordinator.get_by_role("button", name="Maatregel opheffen").click()
    coordinator.locator(".messages .success").wait_for()

    # 6. The author may comment again.
    resident.goto(site + initiative_path)
    assert resident.get_by_role("button", name="Plaats reactie").count() == 1

    for page in (hwz, resident, coordinator):
        page.context.close()
