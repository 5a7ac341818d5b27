"""The one messenger: every announcement to a person goes through notify().

An event has a name and says whether people may turn its e-mail off. notify() writes a
Notification per recipient (their list in "Mijn overzicht") and, after the transaction
commits, queues one task that e-mails them, honouring each person's preferences.
Texts are written in each recipient's language (User.language), whatever language the
person who caused the event uses: pass texts lazily (gettext_lazy, or interpolate() for a
text with values), and notify() turns them into words once per language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .fields import safe_filename, strip_control


@dataclass(frozen=True)
class Event:
    name: str
    label: str
    optional: bool  # the person may choose to receive it only in the portal


EVENTS: dict[str, Event] = {}


def register_event(name: str, label, *, optional: bool) -> Event:
    event = Event(name, label, optional)
    EVENTS[name] = event
    return event


MEASURE_IMPOSED = register_event(
    "measure_imposed", _("Een maatregel voor uw account"), optional=False
)
MEASURE_LIFTED = register_event(
    "measure_lifted", _("Een maatregel voor uw account is opgeheven"), optional=False
)
MEASURE_OBJECTION = register_event(
    "measure_objection", _("Bezwaren tegen maatregelen (coördinatoren)"), optional=True
)


# Attachments: an app registers a kind with a function that, given the key, returns
# (filename, content, mimetype); the e-mail task calls it when it sends the message, so
# the notification keeps only "kind:key" and the file is made fresh from the app's data.
ATTACHMENTS: dict[str, Callable[[str], tuple[str, bytes, str]]] = {}


def register_attachment(kind: str, make: Callable[[str], tuple[str, bytes, str]]) -> None:
    ATTACHMENTS[kind] = make


def make_attachment(reference: str) -> tuple[str, bytes, str] | None:
    kind, _sep, key = reference.partition(":")
    make = ATTACHMENTS.get(kind)
    if not make:
        return None
    filename, content, mimetype = make(key)
    return safe_filename(filename), content, mimetype


def _interpolate(template, params) -> str:
    return str(template) % {key: str(value) for key, value in params.items()}


# `_("Nieuws over “%(title)s”") % {...}` is made into words at once, in the language of
# whoever caused the event; interpolate(_("…"), {...}) waits until it is read, so that
# notify() can write it in each recipient's language. Lazy values among the params
# (a status label) are translated then too.
interpolate = lazy(_interpolate, str)


def recipient_language(person) -> str:
    """The language a person reads our messages in (Dutch unless they chose another)."""
    chosen = getattr(person, "language", "") or ""
    available = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in available else settings.LANGUAGE_CODE


def url_in_language(url: str, language: str) -> str:
    """The same address of the site in `language` (/en/… for English)."""
    if not url or url.startswith("http"):
        return url
    # translate_url reads the address in the active language: read it in its own.
    with translation.override(translation.get_language_from_path(url) or settings.LANGUAGE_CODE):
        return translate_url(url, language)


def email_subject(title) -> str:
    """The subject of an e-mail about `title`: on one line, so that no old row with a line
    end (refused by Django as header injection) can make a message get lost."""
    return strip_control(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title}")


def optional_events() -> list[Event]:
    return [event for event in EVENTS.values() if event.optional]


def absolute_url(path: str) -> str:
    if not path or path.startswith("http"):
        return path
    return settings.SITE_BASE_URL.rstrip("/") + path


def notify(
    *,
    event: str,
    recipients: Iterable,
    title,
    body="",
    url: str = "",
    message: str = "",
    sender=None,
    sender_label: str = "",
    exclude=None,
    attachment: str = "",
):
    """Tell `recipients` (users) about `event`. Returns the notifications written.

    `attachment` ("kind:key", see register_attachment) goes with the e-mail.
    `message` is a staff member's own words (a reason, a question); it is shown apart from
    our text, under `sender_label`, so that people see who said it. `exclude` is left out
    (usually the person who caused the event).
    """
    from .models import Notification

    if event not in EVENTS:
        raise ValueError(f"Unknown notification event {event!r}")
    seen: set[int] = set()
    people = []
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        if exclude is not None and person.pk == exclude.pk:
            continue
        seen.add(person.pk)
        people.append(person)
    if not people:
        return []
    texts = {}
    for language in {recipient_language(person) for person in people}:
        with translation.override(language):
            # The title becomes an e-mail subject: on one line, whatever a person typed.
            label = sender_label or (str(sender) if sender is not None else "")
            texts[language] = {
                "title": strip_control(str(title))[:255],
                "body": str(body),
                "sender_label": strip_control(str(label)),
                "url": url_in_language(url, language),
            }
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            event=event,
            message=message,
            attachment=attachment,
            **texts[recipient_language(person)],
        )
        for person in people
    )
    ids = [n.pk for n in notifications if n.pk]
    if not ids:  # databases that do not return ids from bulk_create
        ids = list(
            Notification.objects.filter(
                recipient__in=people,
                event=event,
                title__in=[text["title"] for text in texts.values()],
                emailed_at=None,
            ).values_list("pk", flat=True)
        )

    def queue():
        from .tasks import send_notification_emails

        send_notification_emails.delay(ids)

    transaction.on_commit(queue)
    return notifications


def send_email(*, to: str, subject, template: str, context: dict, language: str = "") -> None:
    """One e-mail from a text template (for people who are not users yet), in `language`
    (Dutch unless given)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(template, {**context, "site_url": absolute_url("/")})
        send_mail(
            email_subject(subject),
            text,
            settings.DEFAULT_FROM_EMAIL,
            [to],
        )


def redact(*, event: str, url_endswith: str, body) -> int:
    """Replace the text of the notifications of `event` whose link ends with
    `url_endswith`, for something that is no longer shown (a hidden comment): the list in
    Mijn overzicht and the e-mails not sent yet (they read the stored text when they go)
    show `body` instead. The end of the link, so that a language prefix does not matter.
    Returns how many were changed."""
    from .models import Notification

    with translation.override(settings.LANGUAGE_CODE):
        body = str(body)
    return Notification.objects.filter(event=event, url__endswith=url_endswith).update(body=body)
