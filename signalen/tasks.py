"""Scheduled work of meldingen: warn a working day before a response term ends, and
escalate to the coordinators once it has passed."""

from celery import shared_task


@shared_task(name="signalen.term_watch")
def term_watch() -> dict[str, int]:
    """Once a day: tell the handler of each melding whose running term (acknowledgement,
    then answer) ends on the next working day or today (no handler: the wijk's staff);
    tell the coordinators of each whose term has passed. Each term is warned and
    escalated once: the due moment is remembered on the melding. A melding that waits on
    its reporter is left alone (its clock stands still)."""
    from django.utils import timezone
    from django.utils.translation import gettext_lazy as _

    from portal.notifications import interpolate, notify
    from portal.templatetags.portal_tags import datum_lang
    from portal.workdays import WorkingCalendar

    from .models import Melding
    from .notifications import MELDING_TERM_ESCALATED, MELDING_TERM_WARNING
    from .services import coordinators, handlers_to_notify, running_term_due, staff_url
    from .transitions import AWAITING_ACKNOWLEDGEMENT, AWAITING_ANSWER

    warned = escalated = 0
    today = timezone.localdate()
    calendar = WorkingCalendar.around(today, days=120)  # one query for all meldingen
    staff: dict[int | None, list] = {}
    bosses = None

    waiting = (
        Melding.objects.filter(
            status__in=[*AWAITING_ACKNOWLEDGEMENT, *AWAITING_ANSWER],
            paused_at=None,
            queue_due__isnull=False,
        )
        .filter(queue_due__lt=timezone.now() + timezone.timedelta(days=10))
        .select_related("assigned_to", "wijk")
    )
    for melding in waiting:
        due = running_term_due(melding)
        if due is None:
            continue
        left = calendar.days_left(due, today)
        facts = {
            "reference": melding.reference,
            "type": melding.get_signal_type_display(),
            "date": datum_lang(due),
        }
        if left < 0 and melding.escalated_for != due:
            if bosses is None:
                bosses = coordinators()
            notify(
                event=MELDING_TERM_ESCALATED.name,
                recipients=bosses,
                title=interpolate(_("Termijn verstreken: melding %(reference)s"), facts),
                body=interpolate(
                    _("De termijn van melding %(reference)s (%(type)s) liep af op %(date)s."),
                    facts,
                ),
                url=staff_url(melding),
            )
            Melding.objects.filter(pk=melding.pk).update(escalated_for=due)
            escalated += 1
        elif left <= 1 and melding.warned_for != due:
            if melding.assigned_to_id and melding.assigned_to.is_active:
                recipients = [melding.assigned_to]
            else:
                if melding.wijk_id not in staff:
                    staff[melding.wijk_id] = handlers_to_notify(melding.wijk_id)
                recipients = staff[melding.wijk_id]
            notify(
                event=MELDING_TERM_WARNING.name,
                recipients=recipients,
                title=interpolate(_("Termijn loopt af: melding %(reference)s"), facts),
                body=interpolate(
                    _("De termijn van melding %(reference)s (%(type)s) loopt af op %(date)s."),
                    facts,
                ),
                url=staff_url(melding),
            )
            Melding.objects.filter(pk=melding.pk).update(warned_for=due)
            warned += 1
    return {"warned": warned, "escalated": escalated}
