"""Demo data: a few resident groups with members, meetings and an announcement."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.models import User
from portal.roles import HUURDER, HWZ_MODERATOR

from .models import (
    Announcement,
    GroupKind,
    Meeting,
    Membership,
    MembershipRole,
    MembershipStatus,
    ResidentGroup,
    Rsvp,
    RsvpStatus,
)

GROUPS = [
    (
        "Bewonerscommissie De Linde",
        "bewonerscommissie-de-linde",
        GroupKind.BEWONERSCOMMISSIE,
        "Wij praten namens de huurders van De Linde mee over onderhoud, de binnentuin en "
        "de servicekosten, samen met de HWZ.",
        "Elke eerste dinsdag van de maand, 19.30 uur",
        False,
        False,
    ),
    (
        "Groene Buren",
        "groene-buren",
        GroupKind.BEWONERSGROEP,
        "Buren die samen geveltuinen, plantenbakken en de speelplek bijhouden.",
        "Om de twee weken op zaterdagochtend",
        True,
        True,
    ),
    (
        "Koffie op het plein",
        "koffie-op-het-plein",
        GroupKind.BEWONERSGROEP,
        "Een vaste koffieochtend om elkaar te leren kennen, nieuwe buren welkom.",
        "Elke woensdag, 10.00 uur",
        True,
        True,
    ),
]


def _at(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(*, scale: int = 1, wijken=()) -> None:
    wijken = list(wijken)
    if not wijken or ResidentGroup.objects.exists():
        return
    residents = list(User.objects.filter(groups__name=HUURDER).order_by("pk")[:6])
    moderators = list(User.objects.filter(groups__name=HWZ_MODERATOR).order_by("pk")[:1])
    now = timezone.now()
    for index, (name, slug, kind, description, meets, open_, public) in enumerate(GROUPS):
        wijk = wijken[index % len(wijken)]
        group = ResidentGroup.objects.create(
            name=name,
            slug=slug,
            kind=kind,
            wijk=wijk,
            description=description,
            meets_when=meets,
            open_membership=open_,
            meetings_public=public,
        )
        memberships = []
        for moderator in moderators:
            memberships.append(
                Membership(
                    group=group,
                    user=moderator,
                    status=MembershipStatus.ACTIVE,
                    role=MembershipRole.MODERATOR,
                    decided_at=now,
                )
            )
        for position, resident in enumerate(residents[index : index + 3]):
            memberships.append(
                Membership(
                    group=group,
                    user=resident,
                    status=MembershipStatus.ACTIVE,
                    role=MembershipRole.CONTACT if position == 0 else MembershipRole.MEMBER,
                    show_name_to_members=position != 2,
                    decided_at=now,
                )
            )
        Membership.objects.bulk_create(memberships)
        past = Meeting.objects.create(
            group=group,
            title="Bewonersavond" if kind == GroupKind.BEWONERSCOMMISSIE else "Buurtochtend",
            starts_at=_at(-14, 19),
            ends_at=_at(-14, 21),
            place="Buurthuis De Kroon",
            agenda="1. Opening\n2. Nieuws van de HWZ\n3. Rondvraag",
            minutes="We bespraken de plannen voor het voorjaar. Volgende keer meer.",
            minutes_published_at=_at(-13, 10),
            created_by=moderators[0] if moderators else None,
        )
        upcoming = Meeting.objects.create(
            group=group,
            title="Bewonersavond" if kind == GroupKind.BEWONERSCOMMISSIE else "Buurtochtend",
            starts_at=_at(7 + index, 19),
            ends_at=_at(7 + index, 21),
            place="Buurthuis De Kroon",
            agenda="1. Opening\n2. Plannen voor de binnentuin\n3. Rondvraag",
            capacity=20,
            created_by=moderators[0] if moderators else None,
        )
        going = residents[index : index + 2]
        Rsvp.objects.bulk_create(
            Rsvp(meeting=upcoming, user=person, status=RsvpStatus.GOING) for person in going
        )
        Meeting.objects.filter(pk=upcoming.pk).update(going_count=len(going))
        del past
        Announcement.objects.create(
            group=group,
            author=moderators[0] if moderators else None,
            title="Welkom bij de groep",
            body="Fijn dat u meedoet. Op deze pagina vindt u de berichten en bijeenkomsten.",
        )
