"""Demo data of the contact log and the dossiers for `manage.py load_demo` (registered by
signalen.admin_casework on the fijnewijk_demo_data hook): the demo wijkbeheerder's
contacts in the wijken of their werkgebied, some with a follow-up that is due, and two
dossiers made through the services: an open one with an instrument applied and a
referral, and a closed one with its outcome. Idempotent: nothing is added twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from portal.models import User

from . import casework
from .models import ContactChannel, ContactMoment, DossierOutcome, DossierSubject, SignalType

STAFF = "wijkbeheerder@fijnewijk.test"

CONTACTS = [
    # (days ago, hour, wijk index, channel, topics, address, summary, follow up in days)
    (
        1,
        10,
        0,
        ContactChannel.STRAAT,
        [SignalType.GROEN],
        "",
        "Bewoners vragen of de heg langs het fietspad gesnoeid kan worden.",
        None,
    ),
    (
        2,
        14,
        0,
        ContactChannel.DEUR,
        [SignalType.OVERLAST],
        "Lindeplein 12",
        "Klacht over harde muziek 's avonds in de portiek; afgesproken het weekend af te wachten.",
        -1,
    ),
    (
        3,
        11,
        0,
        ContactChannel.DEUR,
        [SignalType.OVERLAST],
        "Lindeplein 12",
        "Opnieuw geluidsoverlast gemeld door twee buren; gesprek met de bewoner gepland.",
        0,
    ),
    (
        5,
        16,
        1,
        ContactChannel.SPREEKUUR,
        [SignalType.KAPOT, SignalType.SCHOONMAAK],
        "",
        "Kapotte verlichting in de fietsenkelder en zwerfafval bij de containers.",
        7,
    ),
    (
        8,
        19,
        1,
        ContactChannel.BIJEENKOMST,
        [SignalType.ANDERS],
        "",
        "Bewonersavond: wens voor een buurtkamer; doorgegeven aan de leefbaarheidsmedewerker.",
        None,
    ),
    (
        12,
        9,
        0,
        ContactChannel.TELEFOON,
        [SignalType.KWETSBARE_BUUR],
        "",
        "Buurvrouw maakt zich zorgen om een oudere buurman die weinig buiten komt.",
        -3,
    ),
]


def _moment(days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def load(*, scale: int = 1, wijken=None) -> None:
    from cms.models import Instrument, Partner

    staff = User.objects.filter(email=STAFF).first()
    if staff is None or ContactMoment.objects.filter(logged_by=staff).exists():
        return
    own = list(staff.werkgebied.order_by("pk")) or list(wijken or [])[:2]
    if not own:
        return
    made = []
    for days_ago, hour, index, channel, topics, address, summary, follow in CONTACTS:
        happened = _moment(days_ago, hour)
        contact = casework.log_contact(
            user=staff,
            happened_at=happened,
            wijk=own[index % len(own)],
            address=address,
            channel=channel,
            topics=topics,
            summary=summary,
            follow_up_on=None
            if follow is None
            else max(timezone.localdate() + dt.timedelta(days=follow), happened.date()),
        )
        made.append(contact)

    # The noise at Lindeplein 12 piles up: a dossier about the address.
    dossier = casework.open_dossier(
        user=staff,
        subject=DossierSubject.ADRES,
        title="Geluidsoverlast Lindeplein",
        contact=made[1],
    )
    casework.link_signal(user=staff, dossier=dossier, contact=made[2])
    instrument = (
        Instrument.objects.filter(live=True, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .first()
    )
    if instrument is not None:
        casework.apply_instrument(
            user=staff,
            dossier=dossier,
            instrument=instrument,
            applied_on=timezone.localdate() - dt.timedelta(days=1),
            result="Afspraken gemaakt over muziek na 22.00 uur.",
        )
    partner = Partner.objects.filter(archived=False).order_by("pk").first()
    if partner is not None:
        from .models import Referral

        if not Referral.objects.filter(dossier=dossier).exists():
            _refer(staff, dossier, partner)

    # An older dossier about a complex, closed with an outcome.
    closed = casework.open_dossier(
        user=staff,
        subject=DossierSubject.ADRES,
        title="Zwerfafval bij de containers",
        contact=made[3],
    )
    casework.close_dossier(
        user=staff,
        dossier=closed,
        outcome=DossierOutcome.VERBETERD,
        reason="Extra ophaalronde en bewonersbrief hielpen.",
    )


def _refer(staff, dossier, partner) -> None:
    from . import services

    services.refer(
        user=staff,
        subject=dossier,
        partner=partner,
        reason="Buurtbemiddeling gevraagd tussen de bewoner en de buren.",
        follow_up_on=timezone.localdate() + dt.timedelta(days=14),
    )
