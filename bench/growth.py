"""More data than the demo: initiatives and fund applications made with bulk_create (data
generators, not the services), spread over the demo's wijken, pillars and the residents
whose address starts with "bench". Shared by the benchmarks and the load suite; Django
must be set up before this is imported.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cms.models import Pillar
from fonds.models import Application, BudgetLine, Outcome, Status
from initiatieven.models import Initiative
from initiatieven.models import Status as InitiativeStatus
from portal.models import User, Wijk
from portal.workdays import WorkingCalendar, response_terms

INITIATIVE_WORDS = [
    "Moestuin",
    "Speeltuin",
    "Bankjes",
    "Opruimdag",
    "Buurtfeest",
    "Bloembakken",
    "Kookavond",
]
INITIATIVE_STATUSES = (
    [InitiativeStatus.GEPUBLICEERD] * 5
    + [InitiativeStatus.IN_UITVOERING] * 2
    + [InitiativeStatus.AFGEROND]
)
INITIATIVE_STATUSES += [InitiativeStatus.INGEDIEND, InitiativeStatus.CONCEPT]  # 80% public


def grow_initiatives(total: int, rng: random.Random) -> None:
    """Add initiatives (bulk_create: a data generator, not the services) up to `total`."""
    wijken = list(Wijk.objects.all())
    pillars = list(Pillar.objects.all())
    residents = list(User.objects.filter(email__startswith="bench"))
    now = timezone.now()
    start = Initiative.objects.count()
    batch = []
    for n in range(start, total):
        status = rng.choice(INITIATIVE_STATUSES)
        public = status not in (InitiativeStatus.INGEDIEND, InitiativeStatus.CONCEPT)
        batch.append(
            Initiative(
                title=f"{rng.choice(INITIATIVE_WORDS)} {rng.choice(INITIATIVE_WORDS).lower()} {n}",
                description="Een idee om de buurt samen mooier en gezelliger te maken. " * 5,
                needs="Vrijwilligers en materiaal.",
                wijk=rng.choice(wijken),
                pillar=rng.choice(pillars),
                initiator=rng.choice(residents),
                status=status,
                support_count=rng.randint(0, 80) if public else 0,
                comment_count=0,
                submitted_at=now - timedelta(days=n % 700),
                published_at=(now - timedelta(days=n % 700)) if public else None,
            )
        )
    Initiative.objects.bulk_create(batch, batch_size=1000)


APP_WORDS = ["Buurtfeest", "Moestuin", "Speeldag", "Kookavond", "Bloembakken", "Opruimdag"]
# Most applications are closed; the open ones are spread over the steps of the review.
APPLICATION_STATUSES = {
    Status.TOEGEKEND: 40,
    Status.AFGEWEZEN: 15,
    Status.INGETROKKEN: 10,
    Status.INGEDIEND: 5,
    Status.ONTVANGEN: 5,
    Status.IN_BEHANDELING: 12,
    Status.WACHT_OP_AANVRAGER: 5,
    Status.ADVIES_HWZ: 4,
    Status.BESLUIT_VOORGESTELD: 4,
}
BATCH = 2_000
CLOSED = (Status.TOEGEKEND, Status.AFGEWEZEN, Status.INGETROKKEN)


def grow_applications(total: int, rng: random.Random) -> None:
    """Add applications, two budget lines each (bulk_create: a data generator, not the
    services) up to `total`, with queue_due kept the way the services keep it."""
    wijken = list(Wijk.objects.all())
    pillars = list(Pillar.objects.all())
    residents = list(User.objects.filter(email__startswith="bench"))
    reviewers = list(
        User.objects.filter(
            groups__permissions__codename="review_application", email__endswith="@fijnewijk.test"
        ).distinct()
    )
    terms = response_terms()
    now = timezone.now()
    today = timezone.localdate()
    calendar = WorkingCalendar(today - timedelta(days=800), today + timedelta(days=120))
    statuses, weights = list(APPLICATION_STATUSES), list(APPLICATION_STATUSES.values())
    made = Application.objects.filter(reference__startswith="LF-B-").count()
    missing = total - Application.objects.count()
    for first in range(made, made + missing, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, made + missing)):
            status = rng.choices(statuses, weights)[0]
            closed = status in CLOSED
            # Closed work over the last two years; open work from the last five weeks, so
            # part of it is overdue.
            age = rng.uniform(20, 730) if closed else rng.uniform(0, 35)
            submitted = now - timedelta(days=age)
            lines = [Decimal(rng.randrange(50, 1500)), Decimal(rng.randrange(20, 400))]
            application = Application(
                reference=f"LF-B-{n:06d}",
                applicant=rng.choice(residents),
                title=f"{rng.choice(APP_WORDS)} {rng.choice(APP_WORDS).lower()} {n}",
                description="Een activiteit voor de bewoners van de buurt. " * 4,
                wijk=rng.choice(wijken),
                pillar=rng.choice(pillars),
                amount_requested=sum(lines),
                iban="NL91ABNA0417164300",
                account_holder="Bench",
                declaration=True,
                status=status,
                submitted_at=submitted,
                acknowledge_due=calendar.add(submitted, terms.acknowledgement_days),
                target_due=calendar.add(submitted, terms.target_days),
                answer_due=calendar.add(submitted, terms.feedback_days),
            )
            if status != Status.INGEDIEND:
                application.acknowledged_at = submitted + timedelta(hours=rng.randint(2, 40))
                application.acknowledged_in_time = (
                    application.acknowledged_at <= application.acknowledge_due
                )
            if status not in (Status.INGEDIEND, Status.ONTVANGEN) and rng.random() < 0.8:
                application.reviewer = rng.choice(reviewers)
            if status == Status.WACHT_OP_AANVRAGER:
                application.paused_since = submitted + (now - submitted) * rng.uniform(0.3, 0.9)
            if closed:
                decided = min(submitted + timedelta(days=rng.uniform(3, 16)), now)
                application.decided_at = decided
                application.answered_in_time = decided <= application.answer_due
            if status in (Status.TOEGEKEND, Status.AFGEWEZEN, Status.BESLUIT_VOORGESTELD):
                granted = status != Status.AFGEWEZEN and rng.random() < 0.8
                application.proposed_outcome = Outcome.GRANTED if granted else Outcome.REJECTED
                application.proposed_amount = application.amount_requested if granted else None
                application.proposed_by = application.reviewer
                application.decision_reason = "Past bij het fonds." if granted else "Past niet."
            if status == Status.TOEGEKEND:
                application.granted_amount = application.amount_requested
            application.queue_due = application.running_term_due()
            application._lines = lines
            batch.append(application)
        Application.objects.bulk_create(batch)
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, description=label, amount=amount)
            for application in batch
            for label, amount in zip(("Materiaal", "Boodschappen"), application._lines, strict=True)
        )
