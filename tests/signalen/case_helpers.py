"""Helpers for the tests of the contact log and the dossiers (sigstaff)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from signalen import casework
from signalen.models import ContactChannel, DossierSubject, SignalType

_numbers = itertools.count(1)


def make_complex(wijk, name="De Linde"):
    from portal.models import Buurt, Complex

    n = next(_numbers)
    buurt = Buurt.objects.create(wijk=wijk, code=f"BU9{n:07d}", name=f"Buurt {n}")
    return Complex.objects.create(buurt=buurt, code=f"C{n:05d}", name=f"{name} {n}")


def make_contact(user, wijk, **kwargs):
    values = {
        "happened_at": timezone.now() - dt.timedelta(hours=1),
        "channel": ContactChannel.STRAAT,
        "topics": [SignalType.OVERLAST],
        "summary": "Bewoners klagen over geluid in de portiek.",
    }
    values.update(kwargs)
    return casework.log_contact(user=user, wijk=wijk, **values)


def make_dossier(user, wijk, **kwargs):
    values = {
        "subject": DossierSubject.ADRES,
        "title": "Overlast portiek",
        "address": "Lindeplein 12",
    }
    values.update(kwargs)
    return casework.open_dossier(user=user, wijk=wijk, **values)


def make_instrument(name="Stopgesprek"):
    from cms.models import Instrument

    return Instrument.objects.create(
        name=name,
        description="Een gesprek om overlast te stoppen.",
        kind="sociaal",
        character="repressief",
        live=True,
    )


def make_melding(wijk, **kwargs):
    from signalen.models import Melding

    n = next(_numbers)
    values = {
        "reference": f"M-T-{n:05d}",
        "signal_type": SignalType.OVERLAST,
        "wijk": wijk,
        "address": "Lindeplein 12",
        "description": "Harde muziek tot diep in de nacht.",
    }
    values.update(kwargs)
    return Melding.objects.create(**values)
