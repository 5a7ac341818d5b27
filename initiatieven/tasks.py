"""Scheduled work of initiatives: the moderators' daily digest."""

from celery import shared_task


@shared_task(name="initiatieven.moderation_digest")
def moderation_digest() -> int:
    """Tell each moderator what waits in their wijken (nothing waits: no message): a wijk
    counts for those who have it in their werkgebied, for all who reach it when no one has.

    Counts come from the database per wijk in two queries; each moderator's reach is read
    once. Running twice on one day sends twice; beat runs it once a day."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from portal.notifications import interpolate, notify
    from portal.permissions import notify_per_wijk

    from .notifications import DIGEST
    from .selectors import all_moderators, waiting_per_wijk

    waiting = waiting_per_wijk()
    if not waiting:
        return 0
    sent = 0
    moderators = list(all_moderators().prefetch_related("groups", "werkgebied"))
    told = notify_per_wijk(moderators, waiting.keys())  # werkgebied first, else all
    for moderator in moderators:
        reach = {wijk_id for wijk_id, people in told.items() if moderator in people}
        initiatives = sum(v["initiatives"] for k, v in waiting.items() if k in reach)
        reports = sum(v["reports"] for k, v in waiting.items() if k in reach)
        if not initiatives and not reports:
            continue
        notify(
            event=DIGEST.name,
            recipients=[moderator],
            title=interpolate(
                _(
                    "Moderatie: %(initiatives)s initiatief/initiatieven en %(reports)s gemelde "
                    "reactie(s) wachten"
                ),
                {"initiatives": initiatives, "reports": reports},
            ),
            body=_("Open de beheeromgeving om ze te beoordelen."),
            url=reverse("initiatieven_initiative:index") + "?status=ingediend",
        )
        sent += 1
    return sent
