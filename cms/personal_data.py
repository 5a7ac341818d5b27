"""The contact form's part of the resident's own data (portal.personal_data): what they
sent through a contact form page with one of their e-mail addresses in it. Such a
message has no account behind it; it is found by the address."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormSubmission

from portal.personal_data import record


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return {address for address in found if address}


def _submissions(user):
    q = Q(pk__in=[])
    for address in _addresses(user):
        q |= Q(form_data__icontains=f'"{address}"')
    return FormSubmission.objects.filter(q)


def export_form_submissions(user) -> list[dict]:
    return [
        record("contactformulier", sent_at=submission.submit_time, fields=submission.form_data)
        for submission in _submissions(user).order_by("submit_time", "pk")
    ]


def erase_form_submissions(user) -> int:
    return _submissions(user).delete()[0]


def contact_form_part() -> dict:
    return {
        "key": "contactformulier",
        "label": _("Contactformulier"),
        "export": export_form_submissions,
        "erase": erase_form_submissions,
        "models": [FormSubmission],
    }
