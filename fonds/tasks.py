"""Scheduled work of the fund: warn before a response term ends, escalate when it passed;
remind the HWZ before an advice term ends, tell the reviewer when it passed."""

from celery import shared_task
from django.urls import reverse


@shared_task(name="fonds.term_watch")
def term_watch() -> dict[str, int]:
    """Once a day: tell the reviewer of each application whose next term ends on the next
    working day; tell the coordinators of each whose term has passed. Each term is warned
    and escalated once (the term's due moment is remembered on the application)."""
    from django.db.models import Q
    from django.utils import timezone
    from django.utils.translation import gettext_lazy as _

    from portal.notifications import interpolate, notify
    from portal.workdays import WorkingCalendar

    from .models import Application, Status
    from .notifications import TERM_ESCALATED, TERM_WARNING
    from .permissions import involved_people
    from .services import people_to_notify, staff_url

    waiting_ack = Q(status=Status.INGEDIEND)
    waiting_answer = Q(
        status__in=[
            Status.ONTVANGEN,
            Status.IN_BEHANDELING,
            Status.ADVIES_HWZ,
            Status.BESLUIT_VOORGESTELD,
        ],
        paused_since=None,
    )
    warned = escalated = 0
    today = timezone.localdate()
    calendar = WorkingCalendar.around(today, days=120)  # one query for all applications
    people: dict[tuple[str, int], list] = {}

    def staff(codename: str, application) -> list:
        """Who is told about the wijk (portal's "my wijken" rule), minus anyone involved
        in the application."""
        key = (codename, application.wijk_id)
        if key not in people:
            people[key] = people_to_notify(codename, application.wijk_id)
        involved = involved_people(application)
        return [person for person in people[key] if person.pk not in involved]

    open_applications = Application.objects.filter(waiting_ack | waiting_answer).select_related(
        "reviewer", "wijk"
    )
    for application in open_applications:
        due = application.running_term_due()
        if due is None:
            continue
        left = calendar.days_left(due, today)
        url = staff_url(application)
        facts = {"reference": application.reference, "title": application.title}
        if left < 0 and application.escalated_for != due:
            notify(
                event=TERM_ESCALATED.name,
                recipients=staff("confirm_decision", application),
                title=interpolate(_("Termijn verstreken: %(reference)s “%(title)s”"), facts),
                url=url,
            )
            Application.objects.filter(pk=application.pk).update(escalated_for=due)
            escalated += 1
        elif left <= 1 and application.warned_for != due:
            recipients = (
                [application.reviewer]
                if application.reviewer
                else staff("review_application", application)
            )
            notify(
                event=TERM_WARNING.name,
                recipients=recipients,
                title=interpolate(_("Termijn loopt af: %(reference)s “%(title)s”"), facts),
                url=url,
            )
            Application.objects.filter(pk=application.pk).update(warned_for=due)
            warned += 1
    reminded, passed = _advice_watch(today, calendar, staff)
    return {"warned": warned, "escalated": escalated, "reminded": reminded, "passed": passed}


def _advice_watch(today, calendar, staff) -> tuple[int, int]:
    """Requests for HWZ advice that still wait: remind the advisers once when the term
    ends on the next working day (or today), and tell the reviewer once when it passed,
    so that they can go on without it. Each is remembered against the term's due moment."""
    from django.utils.translation import gettext_lazy as _

    from portal.notifications import notify

    from .letters import long_day
    from .models import HwzAdvice, Status
    from .notifications import ADVICE_REMINDER, ADVICE_TERM_PASSED
    from .services import advice_term_end, staff_url

    waiting = HwzAdvice.objects.filter(
        given_at=None, ended="", application__status=Status.ADVIES_HWZ
    ).select_related("application__wijk", "application__reviewer", "requested_by")
    reminded = passed = 0
    for advice in waiting:
        application = advice.application
        due = advice_term_end(advice)
        left = calendar.days_left(due, today)
        facts = {
            "reference": application.reference,
            "title": application.title,
            "date": long_day(due),
        }
        if left < 0 and advice.passed_told_for != due:
            notify(
                event=ADVICE_TERM_PASSED.name,
                recipients=[application.reviewer or advice.requested_by],
                title=_("Adviestermijn verstreken: %(reference)s “%(title)s”") % facts,
                body=_(
                    "De HWZ heeft niet geadviseerd vóór %(date)s. U kunt de adviesvraag "
                    "intrekken of verder gaan zonder advies."
                )
                % facts,
                url=staff_url(application),
            )
            HwzAdvice.objects.filter(pk=advice.pk).update(passed_told_for=due)
            passed += 1
        elif 0 <= left <= 1 and advice.reminded_for != due:
            notify(
                event=ADVICE_REMINDER.name,
                recipients=staff("advise_application", application),
                title=_("Herinnering: advies over %(reference)s uiterlijk %(date)s") % facts,
                body=_(
                    "De corporatie vroeg uw advies over “%(title)s”. Na %(date)s gaat de "
                    "behandelaar mogelijk verder zonder uw advies."
                )
                % facts,
                url=reverse("fonds:advice", args=[application.pk]),
            )
            HwzAdvice.objects.filter(pk=advice.pk).update(reminded_for=due)
            reminded += 1
    return reminded, passed


@shared_task(name="fonds.grant_expiry")
def grant_expiry() -> dict[str, int]:
    """Once a day: grants of which nothing was paid out within the months the fund's
    settings allow lapse, and their money goes back to the budget (services.
    application_expire, each in its own transaction). Running it twice changes nothing."""
    from .services import application_expire, grants_to_expire

    expired = 0
    for application in list(grants_to_expire()):
        if application_expire(application=application) is not None:
            expired += 1
    return {"expired": expired}


# --- accountability reports (w5-report) ---


@shared_task(name="fonds.report_terms")
def report_terms() -> dict[str, int]:
    """Once a day: remind applicants of their accountability report two weeks before its
    due date and once more on it, and tell the reviewer and coordinators when it is some
    working days late (services.report_terms). Each is sent once; running twice sends once."""
    from .services import report_terms as run

    return run()
