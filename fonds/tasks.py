"""Scheduled work of the fund: warn before a response term ends, escalate when it passed."""

from celery import shared_task


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
    return {"warned": warned, "escalated": escalated}


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
