"""The account's part of the resident's own data (portal.personal_data): who they are,
their e-mail addresses and authenticators (that they exist, never their secrets), the
messages they received and measures on their account.

Not here: the one-time form tokens (portal.idempotency), which hold an account number
and a link of ours and are forgotten within a day by the nightly task; the erasure's own
request still needs its token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Notification, ParticipationMeasure, User
from .personal_data import record


def export_account(user) -> list[dict]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    person = User.objects.select_related("wijk", "complex").get(pk=user.pk)
    records = [
        record(
            "account",
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            phone=person.phone,
            address=person.address,
            wijk=person.wijk.name if person.wijk else None,
            complex=str(person.complex) if person.complex else None,
            language=person.language,
            email_off_for=list(person.muted_email_events or []),
            roles=sorted(person.groups.values_list("name", flat=True)),
            date_joined=person.date_joined,
            last_login=person.last_login,
        )
    ]
    records += [
        record(
            "e-mailadres", email=address.email, verified=address.verified, primary=address.primary
        )
        for address in EmailAddress.objects.filter(user=person).order_by("pk")
    ]
    # That an authenticator exists and when it was used: its secret stays out of the file.
    records += [
        record(
            "tweestapsverificatie",
            kind=authenticator.type,
            created_at=authenticator.created_at,
            last_used_at=authenticator.last_used_at,
        )
        for authenticator in Authenticator.objects.filter(user=person).order_by("pk")
    ]
    # The messages' subjects and links; their texts often quote someone else (a comment on
    # the resident's initiative, a staff member's words), which is theirs, not the
    # resident's (AVG article 15(4)).
    records += [
        record(
            "bericht",
            event=n.event,
            title=n.title,
            url=n.url,
            created_at=n.created_at,
            read_at=n.read_at,
            emailed_at=n.emailed_at,
        )
        for n in Notification.objects.filter(recipient=person).order_by("created_at", "pk")
    ]
    records += [
        record(
            "maatregel",
            scope=m.get_scope_display(),
            reason=m.reason,
            created_at=m.created_at,
            ends_at=m.ends_at,
            lifted_at=m.lifted_at,
            objection=m.objection,
            objected_at=m.objected_at,
        )
        for m in ParticipationMeasure.objects.filter(user=person).order_by("created_at", "pk")
    ]
    return records


def erase_account_records(user) -> int:
    """Messages, measures, e-mail addresses, authenticators and the admin profile go; the
    account itself is erased after every part (portal.services.account_erase)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    touched = 0
    for queryset in (
        Notification.objects.filter(recipient=user),
        ParticipationMeasure.objects.filter(user=user),
        EmailAddress.objects.filter(user=user),
        Authenticator.objects.filter(user=user),
        UserProfile.objects.filter(user=user),
    ):
        touched += queryset.delete()[0]
    return touched


def account_part() -> dict:
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    return {
        "key": "account",
        "label": _("Account"),
        "export": export_account,
        "erase": erase_account_records,
        "models": [
            User,
            Notification,
            ParticipationMeasure,
            EmailAddress,
            EmailConfirmation,
            Authenticator,
            UserProfile,
        ],
    }
