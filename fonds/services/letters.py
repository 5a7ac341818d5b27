"""Letters from the templates staff edit, and the contacts with an applicant outside
the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import letters
from .. import permissions as perms
from ..models import (
    ApplicantContact,
    Application,
    Letter,
    LetterTemplate,
)
from .messaging import _tell_applicant

# --- letters --------------------------------------------------------------------------


def letter_template(kind: str) -> LetterTemplate:
    """The text staff set for this kind of letter (the default text until they do)."""
    subject, body = letters.DEFAULTS[kind]
    subject_en, body_en = letters.DEFAULTS_EN[kind]
    template, _created = LetterTemplate.objects.get_or_create(
        kind=kind,
        defaults={"subject": subject, "body": body, "subject_en": subject_en, "body_en": body_en},
    )
    return template


def letter_send(
    *, application: Application, kind: str, user, question: str = "", with_pdf: bool = False
) -> Letter:
    """Write the letter of `kind` with the application's facts, keep it, and send it to
    the applicant (e-mail and Mijn overzicht, the PDF attached when `with_pdf`). For an
    applicant without an account, or who asked for post or phone, the letter waits in
    the admin for staff to send and record (contact_record). The letter is written in
    the applicant's language (English when they chose it and the template has an English
    text)."""
    template = letter_template(kind)
    language = letters.language_of(application)
    subject, body = template.text_in(language)
    if (subject, body) == (template.subject, template.body):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        facts = letters.facts_of(application, staff=user, question=question)
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        subject=letters.fill(subject, facts)[:255],
        body=letters.fill(body, facts),
        language=language,
        created_by=user,
    )
    _tell_applicant(
        application,
        letter.subject,
        body=letter.body,
        attachment=f"fonds.letter:{letter.pk}" if with_pdf else "",
        sender=user,
    )
    return letter


def letter_attachment(key: str) -> tuple[str, bytes, str]:
    """The PDF of a letter, for the messenger's e-mail (portal.notifications)."""
    letter = Letter.objects.select_related(
        "application__wijk", "application__applicant", "created_by"
    ).get(pk=int(key))
    return letters.pdf_filename(letter), letters.render_pdf(letter), "application/pdf"


@transaction.atomic
def contact_record(
    *, application: Application, user, channel: str, summary: str, letter=None, contacted_at=None
) -> ApplicantContact:
    """Record how staff informed the applicant outside the portal (a letter, a call)."""
    if not perms.can_review(user, application):
        raise PermissionDenied(perms.refusal(user, application))
    summary = (summary or "").strip()
    if not summary and letter is not None:
        summary = _("Brief: %(subject)s") % {"subject": letter.subject}
    contact = ApplicantContact(
        application=application,
        channel=channel,
        summary=summary,
        letter=letter,
        contacted_at=contacted_at or timezone.now(),
        recorded_by=user,
    )
    if contact.contacted_at > timezone.now():
        raise ValidationError({"contacted_at": _("Een contact kan niet in de toekomst liggen.")})
    contact.full_clean()
    contact._history_user = user
    contact.save()
    return contact
