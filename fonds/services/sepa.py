"""The SEPA credit-transfer file (pain.001.001.03) the back office gives to the bank: every
approved tranche in one file, written once into a PaymentBatch and never changed after.

Two people exporting at the same moment: the first locks the approved tranches and moves
them into its batch; the second waits for the lock, then finds none left and is told so.
A tranche is never in two batches (payouts_into_batch refuses any tranche that is no
longer approved)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PaymentBatch, Payout, PayoutStatus

PERMISSION = "fonds.prepare_payout"
SCHEMA = "pain.001.001.03"
# How far ahead a payment file may ask the bank to pay (banks accept up to about a year).
MAX_DAYS_AHEAD = 90


@dataclass(frozen=True)
class BatchPreview:
    count: int
    total: Decimal


def batch_preview() -> BatchPreview:
    """What a payment file made now would hold: the number and total of approved tranches
    (one query)."""
    sums = Payout.objects.filter(status=PayoutStatus.GOEDGEKEURD).aggregate(
        count=Count("pk"), total=Sum("amount")
    )
    return BatchPreview(count=sums["count"] or 0, total=sums["total"] or Decimal("0.00"))


def check_execution_date(execution_date: dt.date | None) -> dt.date:
    """The day the bank is asked to pay: today when not given; never in the past, at most
    MAX_DAYS_AHEAD days ahead."""
    today = timezone.localdate()
    if execution_date is None:
        return today
    if execution_date < today:
        raise ValidationError(
            {"execution_date": _("De uitvoeringsdatum kan niet in het verleden liggen.")}
        )
    if execution_date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            {
                "execution_date": _(
                    "De uitvoeringsdatum ligt te ver vooruit: kies een dag binnen %(days)s dagen."
                )
                % {"days": MAX_DAYS_AHEAD}
            }
        )
    return execution_date


def new_message_id() -> str:
    """Unique for ever, at most 35 characters (SEPA), readable: FW-20261126-123456-a1b2c3d4."""
    return f"FW-{timezone.localtime():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def remittance(payout: Payout) -> str:
    """The description the applicant sees on their account: the application's reference
    and the tranche."""
    return f"{payout.application.reference} tranche {payout.number}"


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def build_pain001(payouts: list[Payout], *, message_id: str, execution_date: dt.date) -> bytes:
    """One pain.001.001.03 with one transaction per tranche, validated against the schema
    sepaxml ships. Refuses (ValidationError, in Dutch) a tranche without an account."""
    from sepaxml import SepaTransfer
    from sepaxml.validation import ValidationError as SepaValidationError

    config = {
        "name": settings.FUND_ACCOUNT_NAME,
        "IBAN": settings.FUND_ACCOUNT_IBAN,
        "batch": True,
        "currency": "EUR",
    }
    if settings.FUND_ACCOUNT_BIC:
        config["BIC"] = settings.FUND_ACCOUNT_BIC
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    header = transfer._xml.find("CstmrCdtTrfInitn/GrpHdr")
    transfer.msg_id = message_id
    header.find("MsgId").text = message_id
    header.find("CreDtTm").text = timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S")
    for payout in payouts:
        if not payout.iban or not payout.account_holder:
            raise ValidationError(
                _(
                    "Uitbetaling %(id)s heeft geen rekeningnummer of tenaamstelling; zet haar "
                    "opnieuw klaar."
                )
                % {"id": payout.end_to_end_id}
            )
        transfer.add_payment(
            {
                "name": payout.account_holder,
                "IBAN": payout.iban.replace(" ", "").upper(),
                "amount": _cents(payout.amount),
                "execution_date": execution_date,
                "description": remittance(payout),
                "endtoend_id": payout.end_to_end_id,
            }
        )
    try:
        return transfer.export(validate=True)
    except SepaValidationError as exc:
        raise ValidationError(
            _(
                "Het betaalbestand voldoet niet aan de SEPA-regels en is niet gemaakt. Controleer "
                "de rekeningnummers en namen van de goedgekeurde uitbetalingen."
            )
        ) from exc


@transaction.atomic
def batch_export(*, user, execution_date: dt.date | None = None) -> PaymentBatch:
    """Put every approved tranche in one new payment file, in a fixed order (by tranche
    id), and move them into it. Refuses when there is nothing to pay."""
    from .payouts import payouts_into_batch

    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    execution_date = check_execution_date(execution_date)
    payouts = list(
        Payout.objects.select_for_update(of=("self",))
        .filter(status=PayoutStatus.GOEDGEKEURD)
        .select_related("application")
        .order_by("pk")
    )
    if not payouts:
        raise ValidationError(
            _(
                "Er zijn geen goedgekeurde uitbetalingen om in een betaalbestand te zetten. "
                "Misschien heeft iemand anders ze net in een betaalbestand gezet: kijk in de "
                "lijst met betaalbestanden."
            )
        )
    message_id = new_message_id()
    xml = build_pain001(payouts, message_id=message_id, execution_date=execution_date)
    batch = PaymentBatch(
        message_id=message_id,
        created_by=user,
        execution_date=execution_date,
        debtor_iban=settings.FUND_ACCOUNT_IBAN,
        count=len(payouts),
        total=sum((payout.amount for payout in payouts), Decimal("0.00")),
        xml=xml.decode("utf-8"),
        sha256=hashlib.sha256(xml).hexdigest(),
    )
    batch._history_user = user
    batch._change_reason = "Betaalbestand gemaakt"
    batch.save()
    try:
        payouts_into_batch(payouts=payouts, batch=batch, user=user)
    except PermissionDenied as exc:
        raise ValidationError(
            _(
                "U mag niet elke goedgekeurde uitbetaling in een betaalbestand zetten "
                "(%(why)s). Laat een collega het betaalbestand maken."
            )
            % {"why": str(exc) or _("geen toestemming")}
        ) from None
    return batch


def batch_file(batch: PaymentBatch) -> bytes:
    """The file as it was made: the same bytes at every download (checked against its
    digest)."""
    data = batch.xml.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise ValidationError(_("Het betaalbestand is gewijzigd sinds het werd gemaakt."))
    return data
