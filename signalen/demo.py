"""Demo data of meldingen for `manage.py load_demo`: a handful of meldingen along their
way (made through the services, so terms, timelines and history are real): new ones
waiting for an acknowledgement (one of them a few working days old, so the queue shows
a term that passed), acknowledged, in treatment, waiting on the reporter, answered and
closed, one of them anonymous. A few rows only: load_demo stays fast."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from portal.models import User

from . import services
from .models import Melding, MeldingOutcome

MELDINGEN = [
    # (reporter, type, wijk index, address, place, description, days ago, steps)
    (
        "huurder@fijnewijk.test",
        "overlast",
        0,
        "Lindelaan 14",
        "",
        "Er staat elke avond harde muziek aan tot na middernacht.",
        0,
        [],
    ),
    (
        None,
        "schoonmaak",
        0,
        "",
        "Trappenhuis achter de flat aan het Lindeplein",
        "Het trappenhuis is al weken niet schoongemaakt en ruikt naar urine.",
        5,
        [],
    ),
    (
        "buur1@fijnewijk.test",
        "kapot",
        1,
        "",
        "Speeltuin bij de Beekstraat",
        "De schommel hangt aan één ketting en is gevaarlijk voor kinderen.",
        1,
        ["acknowledge"],
    ),
    (
        "buur2@fijnewijk.test",
        "groen",
        0,
        "Molenweg 3",
        "",
        "De heg langs het pad is zo hoog dat je er niet meer langs kunt met een rollator.",
        3,
        ["assign"],
    ),
    (
        "buur3@fijnewijk.test",
        "vervuiling",
        1,
        "Schoolstraat 21",
        "",
        "Uit de woning van de buren komt een sterke geur en er staan vuilniszakken op het balkon.",
        4,
        ["assign", "wait"],
    ),
    (
        "huurder@fijnewijk.test",
        "kapot",
        0,
        "Lindelaan 14",
        "",
        "De buitenlamp bij de voordeur van het portiek doet het niet meer.",
        8,
        ["acknowledge", "feedback"],
    ),
    (
        "buur1@fijnewijk.test",
        "overlast",
        1,
        "",
        "Parkeerplaats aan het Kerkpad",
        "Jongeren hangen 's avonds rond op de parkeerplaats en laten afval achter.",
        12,
        ["assign", "refer", "feedback", "close"],
    ),
]


def load(*, scale: int, wijken) -> None:
    if Melding.objects.exists():
        return  # already loaded: load_demo is idempotent
    staff = User.objects.filter(email="leefbaarheid@fijnewijk.test").first()
    if staff is None or not wijken:
        return
    from cms.models import Partner

    partner = Partner.objects.filter(archived=False).order_by("name").first()
    now = timezone.now()
    for email, kind, wijk_index, address, place, text, days_ago, steps in MELDINGEN:
        reporter = User.objects.filter(email=email).first() if email else None
        melding = services.melding_submit(
            reporter=reporter,
            signal_type=kind,
            description=text,
            wijk=wijken[wijk_index % len(wijken)],
            address=address,
            place_description=place,
            may_contact=reporter is not None,
            now=now - timezone.timedelta(days=days_ago),
        )
        for step in steps:
            if step == "acknowledge":
                services.melding_acknowledge(melding=melding, user=staff)
            elif step == "assign":
                services.melding_assign(melding=melding, user=staff, assignee=staff)
            elif step == "wait":
                services.melding_wait_on_reporter(
                    melding=melding,
                    user=staff,
                    question="Weet u sinds wanneer dit zo is, en mogen wij bij u aanbellen?",
                )
            elif step == "refer" and partner is not None:
                services.refer(
                    subject=melding,
                    partner=partner,
                    user=staff,
                    reason="Jongerenwerk vragen om de groep aan te spreken.",
                )
                services.record_cost(
                    subject=melding,
                    user=staff,
                    kind="schoonmaak",
                    amount=Decimal("85.00"),
                    description="Extra ronde afval ruimen",
                )
            elif step == "feedback":
                services.melding_feedback(
                    melding=melding,
                    user=staff,
                    text="Wij hebben de aannemer gevraagd dit deze week op te lossen.",
                )
            elif step == "close":
                services.melding_close(
                    melding=melding, user=staff, outcome=MeldingOutcome.DOORVERWEZEN
                )
