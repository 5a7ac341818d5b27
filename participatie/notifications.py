"""The notification events of resident groups (see portal.notifications), and the
iCalendar file that goes with a meeting's e-mails."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import register_attachment, register_event

MEMBERSHIP = register_event(
    "group_membership", _("Uw lidmaatschap van een bewonersgroep"), optional=False
)
JOIN_REQUEST = register_event(
    "group_join_request", _("Nieuwe aanmeldingen bij uw groepen (moderatoren)"), optional=True
)
MEETING_NEWS = register_event(
    "group_meeting", _("Nieuwe en geannuleerde bijeenkomsten van uw groepen"), optional=True
)
RSVP = register_event("group_rsvp", _("Uw aanmelding voor een bijeenkomst"), optional=True)
PLACE_FREE = register_event(
    "group_rsvp_place", _("Een plaats vrij voor u bij een bijeenkomst"), optional=False
)
REMINDER = register_event(
    "group_meeting_reminder", _("Herinnering de dag voor een bijeenkomst"), optional=True
)
ANNOUNCEMENT = register_event(
    "group_announcement", _("Berichten van uw bewonersgroepen"), optional=True
)
MINUTES = register_event(
    "group_minutes", _("Verslagen van bijeenkomsten van uw groepen"), optional=True
)


def _meeting_ics(key: str):
    from .ical import meeting_calendar
    from .models import Meeting

    meeting = Meeting.objects.select_related("group").get(pk=int(key))
    return f"{meeting.title}.ics", meeting_calendar(meeting), "text/calendar"


register_attachment("meeting-ics", _meeting_ics)
