"""Who hears of a move on an application, and how: the applicant in their channel and
language, the reviewer, and the staff who may act in the wijk."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from portal.notifications import notify
from portal.roles import staff_signature

from .. import notifications as events
from .. import permissions as perms
from ..models import (
    MESSAGE_LETTER,
    Letter,
)


def _inform_applicant(application, title, *, body="", sender=None, event=None) -> None:
    """Tell the applicant about a step in their channel: in Mijn overzicht and by e-mail
    when they have an account, and, for an applicant we keep informed by post or phone, a
    letter with the same words that waits in the admin for staff to send and record
    (contact_record), like every other letter."""
    if application.informed_offline:
        Letter.objects.create(
            application=application,
            kind=MESSAGE_LETTER,
            subject=str(title)[:255],
            body=str(body),
            created_by=sender,
        )
    _tell_applicant(application, title, body=body, sender=sender, event=event)


def _tell_applicant(application, title, *, body="", attachment="", sender=None, event=None) -> None:
    """The notice itself (`event`: fonds.notifications, the application's by default)."""
    notify(
        event=(event or events.APPLICATION).name,
        recipients=[application.applicant],
        title=title,
        body=body,
        url=reverse("fonds:mine_detail", args=[application.pk]),
        sender_label=staff_signature(sender) if sender is not None else "",
        attachment=attachment,
    )


def staff_url(application) -> str:
    """The application's page in the admin, for links in notifications."""
    return reverse("fonds_application:inspect", args=[application.pk])


def _tell_reviewer(application, title, *, body="", exclude=None) -> None:
    """The reviewer hears that the application can go on (an answer, an advice)."""
    notify(
        event=events.REVIEW_UPDATE.name,
        recipients=[application.reviewer],
        title=title,
        body=body,
        url=staff_url(application),
        exclude=exclude,
    )


def people_reaching(codename: str, wijk_id: int, exclude_ids=(), application=None, also=None):
    """Active people whose role has the fund permission `codename` and reaches the wijk
    (their werkgebied holds it, or their role is not limited to one; the rule of
    portal.permissions.reach_of_roles, in SQL); for `application`, only those who are not
    involved in it (permissions.involvement). A queryset: one query. `also`: a condition
    (Q) for more people the caller wants in the same query."""
    from django.db.models import Exists, OuterRef

    from portal.roles import ROLES

    User = get_user_model()
    if application is not None:
        exclude_ids = [*exclude_ids, *perms.involved_people(application)]
    everywhere = [name for name, role in ROLES.items() if role.staff and not role.needs_werkgebied]
    limited = [name for name, role in ROLES.items() if role.staff and role.needs_werkgebied]
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    granted = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label="fonds",
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label="fonds",
    )
    reaches = (
        Q(is_superuser=True)
        | Exists(memberships.filter(group__name__in=everywhere))
        | (
            Exists(memberships.filter(group__name__in=limited))
            & Exists(
                User.werkgebied.through.objects.filter(user_id=OuterRef("pk"), wijk_id=wijk_id)
            )
        )
    )
    wanted = Q(is_active=True) & granted & reaches & ~Q(pk__in=exclude_ids)
    return User.objects.filter(wanted | also if also is not None else wanted).distinct()


def people_with(codename: str, wijk_id: int, exclude_ids=(), application=None) -> list:
    """people_reaching(...) as a list, with their groups and werkgebied (for
    notify_per_wijk): three queries."""
    return list(
        people_reaching(codename, wijk_id, exclude_ids, application=application).prefetch_related(
            "groups", "werkgebied"
        )
    )


def people_to_notify(codename: str, wijk_id: int, exclude_ids=(), application=None) -> list:
    """Who of people_with(...) is told about something in the wijk: those who have the
    wijk in their werkgebied ("my wijken"), or all of them when no one has."""
    from portal.permissions import notify_per_wijk

    candidates = people_with(codename, wijk_id, exclude_ids, application=application)
    return notify_per_wijk(candidates, [wijk_id])[wijk_id]
