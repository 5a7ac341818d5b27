"""Infrastructure tasks of the shared core."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="portal.health")
def health(token: str) -> str:
    """Echo the token back: proves a task made the round trip through the broker."""
    return token


@shared_task(name="portal.send_notification_emails")
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the notifications not e-mailed yet, unless their recipient muted the kind.

    Idempotent: each notification is claimed (marked as e-mailed) just before its mail
    goes, so a second run or a worker running the same batch beside it skips it, and a
    failure half-way leaves the ones already sent marked and the failed one open.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import Notification
    from .notifications import (
        EVENTS,
        absolute_url,
        email_subject,
        make_attachment,
        recipient_language,
        url_in_language,
    )

    done = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at=None).select_related(
        "recipient"
    )
    for notification in pending:
        person = notification.recipient
        event = EVENTS.get(notification.event)
        if event and event.optional and notification.event in (person.muted_email_events or []):
            continue
        language = recipient_language(person)
        with translation.override(language):
            text = render_to_string(
                "portal/email/notification.txt",
                {
                    "notification": notification,
                    "person": person,
                    "link": absolute_url(notification.url),
                    "preferences": absolute_url(url_in_language("/mijn/voorkeuren/", language)),
                },
            )
        email = EmailMessage(
            email_subject(notification.title),
            text,
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
        if notification.attachment and (made := make_attachment(notification.attachment)):
            email.attach(*made)
        claim = Notification.objects.filter(pk=notification.pk, emailed_at=None)
        if not claim.update(emailed_at=timezone.now()):
            continue  # another run sent it meanwhile
        try:
            email.send()
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        done += 1
    return done


@shared_task(name="portal.forget_submission_tokens")
def forget_submission_tokens() -> int:
    """Daily: drop the submission tokens of forms sent more than a day ago."""
    from .idempotency import forget_old_tokens

    return forget_old_tokens()
