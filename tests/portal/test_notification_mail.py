"""The notification mail task sends each mail once, also when the mail server fails
half-way through a batch and the batch is run again."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from portal.models import Notification
from portal.tasks import send_notification_emails
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


class FailsOnSecond(EmailBackend):
    """The local mail backend, but the mail server refuses the second message once."""

    failed = False

    def send_messages(self, messages):
        if len(mail.outbox) == 1 and not FailsOnSecond.failed:
            FailsOnSecond.failed = True
            raise ConnectionRefusedError("mail server gone")
        return super().send_messages(messages)


def _notifications(n):
    people = UserFactory.create_batch(n)
    return [
        Notification.objects.create(recipient=p, event="test", title=f"Bericht {i}")
        for i, p in enumerate(people)
    ]


def test_a_failure_half_way_leaves_what_was_sent_marked_and_a_rerun_sends_the_rest(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnSecond"
    notes = _notifications(3)
    ids = [n.pk for n in notes]
    with pytest.raises(ConnectionRefusedError):
        send_notification_emails(ids)
    assert len(mail.outbox) == 1
    sent = Notification.objects.exclude(emailed_at=None).select_related("recipient")
    assert [n.recipient.email for n in sent] == mail.outbox[0].to

    assert send_notification_emails(ids) == 2
    # three mails in all, each recipient once
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in notes)
    assert send_notification_emails(ids) == 0
    assert len(mail.outbox) == 3
