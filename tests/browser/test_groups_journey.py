"""A resident asks to join a resident group, its HWZ moderator (signed in with TOTP)
approves on their own pages, the resident signs up for the meeting of tomorrow, and the
reminder task sends them the reminder; the group and meeting pages are axe-clean and
reflow at 320 px."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from .conftest import assert_reflows_and_accessible
from .test_initiative_journey import TOTP_SECRET, log_in, messages, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _group_with_meeting_tomorrow():
    from participatie.models import Meeting, Membership, ResidentGroup
    from portal.models import User

    hwz = User.objects.get(email="hwz@fijnewijk.test")
    resident = User.objects.get(email="huurder@fijnewijk.test")
    group = ResidentGroup.objects.create(
        name="Bewonerscommissie Het Plein",
        slug="bewonerscommissie-het-plein",
        kind="bewonerscommissie",
        wijk=resident.wijk,
        description="Wij praten mee over het onderhoud van het plein en de galerijen.",
        meets_when="Elke tweede donderdag, 19.30 uur",
        meetings_public=False,
    )
    Membership.objects.create(group=group, user=hwz, status="actief", role="moderator")
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(19, 30)))
    meeting = Meeting.objects.create(
        group=group,
        title="Bewonersavond over het plein",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Buurthuis De Kroon, zaal 2",
        agenda="1. Opening\n2. Het plein\n3. Rondvraag",
        capacity=12,
    )
    return group, meeting


def test_join_approve_rsvp_and_reminder(browser, browser_context_args, site):
    from participatie.tasks import meeting_reminders

    group, meeting = _group_with_meeting_tomorrow()

    # 1. The resident finds the group and asks to join (meetings are for members only).
    huurder = new_page(browser, browser_context_args)
    log_in(huurder, site, "huurder@fijnewijk.test", next_url=f"/bewonersgroepen/{group.slug}/")
    assert "alleen voor leden" in huurder.content()
    assert_reflows_and_accessible(huurder)
    huurder.get_by_label("Andere leden mogen mijn naam zien").check()
    huurder.get_by_role("button", name="Meld u aan").click()
    huurder.wait_for_load_state()
    assert "aanmelding is verstuurd" in messages(huurder)

    # 2. The HWZ moderator, with their second factor, approves on their own page.
    hwz = new_page(browser, browser_context_args)
    log_in(hwz, site, "hwz@fijnewijk.test", next_url="/moderator/", totp_secret=TOTP_SECRET)
    hwz.goto(site + "/moderator/")
    hwz.get_by_role("link", name=group.name).first.click()
    hwz.wait_for_url(f"**/moderator/groep/{group.pk}/")
    assert_reflows_and_accessible(hwz)
    hwz.get_by_role("button", name="Toelaten").click()
    hwz.wait_for_load_state()
    assert "Toegelaten" in messages(hwz)

    # 3. The resident, now a member, sees the meeting and signs up.
    huurder.goto(site + f"/bewonersgroepen/{group.slug}/")
    huurder.get_by_role("link", name=meeting.title).click()
    huurder.wait_for_url(f"**/bewonersgroepen/bijeenkomst/{meeting.pk}/")
    assert_reflows_and_accessible(huurder)
    huurder.get_by_role("button", name="Ik kom").click()
    huurder.wait_for_load_state()
    assert "U bent aangemeld" in messages(huurder)
    assert_reflows_and_accessible(huurder)

    # 4. Within a day of the meeting: the reminder task (Celery beat, hourly in the
    # daytime) sends the reminder, once.
    import time_machine

    mail.outbox.clear()
    with time_machine.travel(meeting.starts_at - timedelta(hours=3), tick=False):
        assert meeting_reminders() == 1
        assert meeting_reminders() == 0
    reminders = [
        m for m in mail.outbox if meeting.title in m.subject and "Herinnering" in m.subject
    ]
    assert [m.to for m in reminders] == [["huurder@fijnewijk.test"]]
    assert reminders[0].attachments and reminders[0].attachments[0][0].endswith(".ics")
