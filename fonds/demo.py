"""Demo data of the fund for `manage.py load_demo`: this year's budget, split for one
wijk, and applications along their way (made through the services): waiting for an
acknowledgement, in review, granted with its letter, a proposal above the four-eyes
threshold for the coordinator, and one entered by staff for a tenant without account."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from cms.models import Pillar
from portal.models import User

from . import services
from .models import Application, BudgetLine, Contribution, FundYear, WijkBudget

APPLICATIONS = [
    # (applicant, title, description, lines, own contribution, wijk index, steps)
    (
        "huurder@fijnewijk.test",
        "Zomerfeest op het Lindeplein",
        "Een middag met spelletjes, muziek en eten voor alle bewoners van het plein.",
        [("Springkussen", "250.00"), ("Boodschappen", "300.00")],
        "50.00",
        0,
        ["submit"],
    ),
    (
        "buur1@fijnewijk.test",
        "Gereedschapskist voor de buurt",
        "Een uitleenkist met gereedschap in de buurtkamer, te lenen door iedere bewoner.",
        [("Gereedschap", "420.00"), ("Kist en slot", "80.00")],
        "0.00",
        1,
        ["submit", "acknowledge", "start_review"],
    ),
    (
        "huurder@fijnewijk.test",
        "Bankjes bij de speeltuin",
        "Twee bankjes naast de speeltuin, zodat ouders en ouderen er kunnen zitten.",
        [("Twee bankjes", "600.00"), ("Plaatsen", "150.00")],
        "0.00",
        0,
        ["submit", "acknowledge", "start_review", "decide"],
    ),
    (
        "buur2@fijnewijk.test",
        "Buurtmoestuin achter de flat",
        "Bakken, aarde en gereedschap voor een moestuin die de bewoners samen verzorgen.",
        [("Moestuinbakken", "1200.00"), ("Aarde en zaden", "400.00")],
        "100.00",
        0,
        ["submit", "acknowledge", "start_review", "propose"],
    ),
    (
        "buur3@fijnewijk.test",
        "Opruimdag met containers",
        "Een zaterdag waarop bewoners samen grofvuil opruimen; wij huren de containers.",
        [("Twee containers", "380.00"), ("Koffie en lunch", "70.00")],
        "50.00",
        1,
        ["submit", "acknowledge", "start_review", "ask_advice"],
    ),
    (
        None,  # a tenant without an account, entered by staff; letters go by post
        "Kerstboom in de hal",
        "Een versierde kerstboom in de centrale hal van het complex, voor alle bewoners.",
        [("Kerstboom en standaard", "120.00"), ("Verlichting", "60.00")],
        "0.00",
        0,
        ["submit", "acknowledge"],
    ),
]


def load(*, scale: int, wijken) -> None:
    year = timezone.localdate().year
    fund_year, created = FundYear.objects.get_or_create(
        year=year, defaults={"budget": Decimal("50000.00") * scale}
    )
    if not created or Application.objects.exists():
        return  # already loaded: load_demo is idempotent
    WijkBudget.objects.create(fund_year=fund_year, wijk=wijken[0], amount=Decimal("5000.00"))
    staff = User.objects.get(email="leefbaarheid@fijnewijk.test")
    # The back office enters the application of a tenant who is not online; whoever enters
    # one steps aside from handling it, so a colleague (`staff`) handles it.
    back_office = User.objects.get(email="ondersteuner@fijnewijk.test")
    pillar = (
        Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("sort_order")
        .last()
    )
    for email, title, description, lines, own, wijk_index, steps in APPLICATIONS:
        applicant = User.objects.get(email=email) if email else None
        offline = {
            "contact_name": "Mevrouw T. de Wit",
            "contact_address": "Lindelaan 12\n1234 AB Fijnstad",
            "contact_channel": Application.Channel.LETTER,
            "entered_by": back_office,
        }
        costs = sum(Decimal(amount) for _label, amount in lines)
        application = Application.objects.create(
            applicant=applicant,
            title=title,
            description=description,
            wijk=wijken[wijk_index],
            pillar=pillar,
            amount_requested=costs - Decimal(own),
            iban="NL91ABNA0417164300",
            account_holder=(
                f"{applicant.first_name} {applicant.last_name}" if applicant else "T. de Wit"
            ),
            declaration=True,
            **({} if applicant else offline),
        )
        for label, amount in lines:
            BudgetLine.objects.create(application=application, description=label, amount=amount)
        if Decimal(own):
            Contribution.objects.create(
                application=application, source="eigen", description="Eigen bijdrage", amount=own
            )
        for step in steps:
            if step == "submit":
                services.application_submit(application=application, user=applicant or back_office)
            elif step == "acknowledge":
                services.application_acknowledge(application=application, user=staff)
            elif step == "start_review":
                services.application_start_review(application=application, user=staff)
            elif step == "ask_advice":
                services.application_ask_advice(application=application, user=staff)
            elif step in ("decide", "propose"):
                service = getattr(services, f"application_{step}")
                service(
                    application=application,
                    user=staff,
                    outcome="toegekend",
                    reason="Past goed bij de pijler en komt veel bewoners ten goede.",
                    conditions="Stuur na afloop een paar foto's en de bonnetjes.",
                )


# --- payouts (w5-pay) -------------------------------------------------------------------


def load_payouts(*, scale: int, wijken) -> None:
    """Payout plans in several states, made through the services: the bankjes' advance
    paid, the moestuin's grant confirmed with its advance approved and waiting for the
    payment file, and a new grant whose advance waits for the coordinator's approval."""
    from .models import Status
    from .models.payouts import Payout, PayoutStatus

    if Payout.objects.exclude(status=PayoutStatus.GEPLAND).exists():
        return  # already loaded
    staff = User.objects.get(email="leefbaarheid@fijnewijk.test")
    back_office = User.objects.get(email="ondersteuner@fijnewijk.test")
    coordinator = User.objects.get(email="coordinator@fijnewijk.test")
    bankjes = Application.objects.filter(title="Bankjes bij de speeltuin").first()
    if bankjes is not None and bankjes.status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND):
        advance = services.payout_plan_create(application=bankjes, user=staff)[0]
        services.payout_prepare(payout=advance, user=back_office)
        services.payout_approve(payout=advance, user=coordinator)
        services.payouts_into_batch(payouts=[advance], batch=None, user=back_office)
        services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=back_office)
    moestuin = Application.objects.filter(
        title="Buurtmoestuin achter de flat", status=Status.BESLUIT_VOORGESTELD
    ).first()
    if moestuin is not None:
        services.application_confirm(application=moestuin, user=coordinator)
        advance = services.payout_plan_create(application=moestuin, user=coordinator)[0]
        services.payout_prepare(payout=advance, user=back_office)
        services.payout_approve(payout=advance, user=coordinator)
    applicant = User.objects.get(email="buur1@fijnewijk.test")
    kastje = Application.objects.create(
        applicant=applicant,
        title="Boekenkastje bij de bushalte",
        description="Een weerbestendig kastje waar bewoners boeken ruilen.",
        wijk=wijken[1 % len(wijken)],
        pillar=bankjes.pillar if bankjes else None,
        amount_requested=Decimal("300.00"),
        iban="NL91ABNA0417164300",
        account_holder=f"{applicant.first_name} {applicant.last_name}",
        declaration=True,
    )
    BudgetLine.objects.create(application=kastje, description="Kastje", amount=Decimal("300"))
    kastje = services.application_submit(application=kastje, user=applicant)
    if kastje.status == Status.INGEDIEND:
        kastje = services.application_acknowledge(application=kastje, user=staff)
    kastje = services.application_start_review(application=kastje, user=staff)
    kastje = services.application_decide(
        application=kastje, user=staff, outcome="toegekend", reason="Een mooi, klein plan."
    )
    advance = services.payout_plan_create(application=kastje, user=staff)[0]
    services.payout_prepare(payout=advance, user=back_office)
