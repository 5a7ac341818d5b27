"""iCalendar (RFC 5545) files: one meeting, and a feed of a group's meetings."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from portal.notifications import absolute_url


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Fijne Wijk//Bewonersgroepen//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(meeting) -> Event:
    event = Event()
    host = settings.SITE_BASE_URL.split("//")[-1].split("/")[0] or "fijnewijk"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    # Amsterdam time with its VTIMEZONE, to the minute: what the page shows.
    event.add("dtstart", timezone.localtime(meeting.starts_at).replace(second=0, microsecond=0))
    event.add("dtend", timezone.localtime(meeting.ends_at).replace(second=0, microsecond=0))
    event.add("summary", f"{meeting.title} ({meeting.group.name})")
    if meeting.place:
        event.add("location", meeting.place)
    description = "\n\n".join(part for part in (meeting.agenda, meeting.online_url) if part)
    if description:
        event.add("description", description)
    event.add("url", absolute_url(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def meeting_calendar(meeting) -> bytes:
    calendar = _calendar(meeting.group.name)
    calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def group_calendar(group, meetings) -> bytes:
    calendar = _calendar(group.name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()
