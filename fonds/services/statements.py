"""Reading the bank statement (camt.053) of the fund's account: each entry is matched to
what the fund expects, and the tranches and reclaims it names move on.

- a debit naming one of our end-to-end ids: the tranche is paid (on the booking date);
- a payment sent back (a credit with a return reason or reversal, or a reversed debit)
  naming one of our end-to-end ids: the tranche failed, with the bank's reason;
- a credit naming an open reclaim's reference in its description, or else with the
  amount of an open reclaim from the applicant's account: the money came back;
- anything else is listed as unknown, for a person to look at.

The same file twice is refused by its digest; an entry read before in another file (its
fingerprint) is listed as a duplicate and changes nothing. The whole import is one
transaction: a file that cannot be read, or a line that cannot be booked, books nothing.
The lookups are batched (one query per kind for all lines), so the cost per line is that
of the booking alone."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.fields import safe_filename, strip_control
from portal.templatetags.portal_tags import datum_lang

from ..models import BankStatement, Payout, PayoutStatus, Reclaim, StatementLine

PERMISSION = "fonds.prepare_payout"
CAMT_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053."
ISO_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:"
MAX_AMOUNT = Decimal("999999999999.99")

# The ISO 20022 return reasons a bank gives for a credit transfer it sends back.
RETURN_REASONS = {
    "AC01": gettext_lazy("rekeningnummer onjuist"),
    "AC03": gettext_lazy("rekeningnummer onjuist"),
    "AC04": gettext_lazy("rekening opgeheven"),
    "AC06": gettext_lazy("rekening geblokkeerd"),
    "AC13": gettext_lazy("rekening van een consument niet toegestaan"),
    "AG01": gettext_lazy("betaling niet toegestaan op deze rekening"),
    "AG02": gettext_lazy("ongeldige transactiecode"),
    "AM04": gettext_lazy("onvoldoende saldo"),
    "AM05": gettext_lazy("dubbele betaling"),
    "BE04": gettext_lazy("adres van de ontvanger ontbreekt"),
    "CUST": gettext_lazy("op verzoek van de klant"),
    "DUPL": gettext_lazy("dubbele betaling"),
    "FOCR": gettext_lazy("teruggestort na verzoek tot intrekking"),
    "FRAD": gettext_lazy("vermoeden van fraude"),
    "MD07": gettext_lazy("rekeninghouder overleden"),
    "MS02": gettext_lazy("geweigerd door de ontvanger"),
    "MS03": gettext_lazy("reden niet opgegeven door de bank"),
    "NARR": gettext_lazy("reden staat in de omschrijving"),
    "RC01": gettext_lazy("BIC onjuist"),
    "RR01": gettext_lazy("gegevens van de rekeninghouder ontbreken"),
    "RR02": gettext_lazy("naam of adres van de betaler ontbreekt"),
    "RR03": gettext_lazy("naam of adres van de ontvanger ontbreekt"),
    "RR04": gettext_lazy("wettelijke reden"),
    "TECH": gettext_lazy("technische fout"),
}


def return_reason_text(code: str) -> str:
    """The bank's return code in words (in the active language), with the code."""
    if not code:
        return _("teruggeboekt door de bank")
    words = RETURN_REASONS.get(code.upper())
    if words is None:
        return _("teruggeboekt door de bank (code %(code)s)") % {"code": code}
    return f"{words} ({code})"


@dataclass
class Entry:
    """One transaction of the statement, as read."""

    booking_date: dt.date | None
    amount: Decimal
    credit: bool
    reversal: bool
    end_to_end_id: str
    counterparty_iban: str
    counterparty_name: str
    remittance: str
    return_reason: str
    bank_reference: str
    currency: str


@dataclass
class ParsedStatement:
    statement_id: str
    account_iban: str
    entries: list[Entry] = field(default_factory=list)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _text(value, max_length: int) -> str:
    return strip_control(value or "").strip()[:max_length]


def _date(value, number: int) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _refuse(
            _("Regel %(number)s van het afschrift heeft geen geldige boekdatum.")
            % {"number": number}
        ) from None


def _amount(value, number: int) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise _refuse(
            _("Regel %(number)s van het afschrift heeft geen geldig bedrag.") % {"number": number}
        )
    return amount.quantize(Decimal("0.01"))


def read_upload(uploaded_file) -> tuple[bytes, str]:
    """The file's bytes and a safe name; refuses an empty, too large or binary file."""
    limit = settings.FUND_STATEMENT_MAX_SIZE
    if uploaded_file is None:
        raise _refuse(_("Kies het bestand met het bankafschrift (camt.053)."))
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise _refuse(
            _("Het bestand is te groot: een bankafschrift mag hoogstens %(mb)s MB zijn.")
            % {"mb": limit // (1024 * 1024)}
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _refuse(
            _("Het bestand is te groot: een bankafschrift mag hoogstens %(mb)s MB zijn.")
            % {"mb": limit // (1024 * 1024)}
        )
    if not data.strip():
        raise _refuse(_("Het bestand is leeg."))
    if b"\x00" in data:
        raise _refuse(
            _("Het bestand bevat ongeldige tekens; het is geen bankafschrift in XML (camt.053).")
        )
    return data, safe_filename(getattr(uploaded_file, "name", "") or "", default="afschrift.xml")


def parse_camt053(data: bytes) -> ParsedStatement:
    """Read a camt.053 with pycamt (the return reason, which pycamt leaves out, from the
    same entry). Refuses, in Dutch, anything that is not a readable camt.053."""
    from lxml import etree
    from pycamt.parser import Camt053ParseError, Camt053Parser

    not_camt = _(
        "Dit is geen bankafschrift in het formaat camt.053. Download bij de bank het "
        "rekeningafschrift als 'camt.053' (XML) en lees dat in."
    )
    try:
        parser = Camt053Parser(data)
    except (etree.XMLSyntaxError, ValueError):
        raise _refuse(
            _("Het bestand is geen geldig XML-bestand; het is geen bankafschrift (camt.053).")
        ) from None
    root = parser.tree
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith(CAMT_NAMESPACE):
        if namespace.startswith(ISO_NAMESPACE + "pain."):
            raise _refuse(
                _(
                    "Dit is een betaalbestand (pain), geen bankafschrift. Lees het afschrift "
                    "(camt.053) in dat u van de bank krijgt."
                )
            )
        raise _refuse(not_camt)
    ns = {"c": namespace}
    try:
        statements = parser._find_statements_or_reports()
    except Camt053ParseError:
        raise _refuse(not_camt) from None
    parsed = ParsedStatement(
        statement_id=_text(statements[0].findtext("c:Id", namespaces=ns), 35),
        account_iban=_text(statements[0].findtext("c:Acct/c:Id/c:IBAN", namespaces=ns), 34)
        .replace(" ", "")
        .upper(),
    )
    number = 0
    for statement in statements:
        for entry in statement.findall("c:Ntry", ns):
            common = parser._extract_common_entry_data(entry, statement)
            details = entry.findall("c:NtryDtls/c:TxDtls", ns) or [None]
            for detail in details:
                number += 1
                data_ = dict(common)
                reason = ""
                if detail is not None:
                    data_.update(parser._extract_transaction_details(detail))
                    indicator = detail.findtext("c:CdtDbtInd", namespaces=ns)
                    if indicator:
                        data_["CreditDebitIndicator"] = indicator
                    reason = detail.findtext("c:RtrInf/c:Rsn/c:Cd", namespaces=ns) or ""
                parsed.entries.append(_entry(data_, reason, number))
    return parsed


def _entry(data: dict, reason: str, number: int) -> Entry:
    indicator = (data.get("CreditDebitIndicator") or "").strip().upper()
    if indicator not in ("CRDT", "DBIT"):
        raise _refuse(
            _("Regel %(number)s van het afschrift zegt niet of het bij- of afschrijving is.")
            % {"number": number}
        )
    credit = indicator == "CRDT"
    if credit:
        iban, name = data.get("DebtorIBAN"), data.get("DebtorName")
    else:
        iban, name = data.get("CreditorIBAN"), data.get("CreditorName")
    iban = iban or data.get("CreditorIBAN") or data.get("DebtorIBAN")
    name = name or data.get("CreditorName") or data.get("DebtorName")
    end_to_end = _text(data.get("EndToEndId"), 35)
    if end_to_end.upper() == "NOTPROVIDED":
        end_to_end = ""
    remittance = (
        data.get("RemittanceInformationFull")
        or data.get("RemittanceInformation")
        or data.get("AdditionalEntryInformation")
    )
    return Entry(
        booking_date=_date(data.get("BookingDate") or data.get("ValueDate"), number),
        amount=_amount(data.get("Amount"), number),
        credit=credit,
        reversal=(data.get("ReversalIndicator") or "").strip().lower() == "true",
        end_to_end_id=end_to_end,
        counterparty_iban=_text(iban, 34).replace(" ", "").upper(),
        counterparty_name=_text(name, 140),
        remittance=_text(remittance, 500),
        return_reason=_text(reason, 35),
        bank_reference=_text(data.get("TransactionID"), 100),
        currency=_text(data.get("Currency"), 3).upper() or "EUR",
    )


def fingerprints(account_iban: str, entries: list[Entry]) -> list[str]:
    """What makes an entry the same entry when read again: the bank's own reference for it
    when there is one; otherwise its content, with the how-many-th identical entry of the
    file (so two identical payments on one day stay two)."""
    seen: Counter = Counter()
    result = []
    for entry in entries:
        if entry.bank_reference:
            key = f"ref|{account_iban}|{entry.bank_reference}|{entry.end_to_end_id}|{entry.credit}"
        else:
            content = "|".join(
                str(part)
                for part in (
                    account_iban,
                    entry.booking_date,
                    entry.amount,
                    entry.credit,
                    entry.reversal,
                    entry.end_to_end_id,
                    entry.counterparty_iban,
                    entry.remittance,
                    entry.return_reason,
                )
            )
            seen[content] += 1
            key = f"content|{content}|{seen[content]}"
        result.append(hashlib.sha256(key.encode("utf-8")).hexdigest())
    return result


def _chunks(values: list, size: int | None = None):
    size = size or (connection.features.max_query_params or 10000) - 10
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _known_fingerprints(values: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(sorted(set(values))):
        known.update(
            StatementLine.objects.filter(fingerprint__in=chunk).values_list(
                "fingerprint", flat=True
            )
        )
    return known


def _payouts_by_id(ids: list[str]) -> dict[str, Payout]:
    found: dict[str, Payout] = {}
    for chunk in _chunks(sorted(set(ids))):
        for payout in (
            Payout.objects.select_for_update(of=("self",))
            .filter(end_to_end_id__in=chunk)
            .select_related("application")
        ):
            found[payout.end_to_end_id] = payout
    return found


def _is_return(entry: Entry) -> bool:
    return (entry.credit and bool(entry.return_reason or entry.reversal)) or (
        not entry.credit and entry.reversal
    )


def _earlier_import(statement: BankStatement) -> str:
    who = statement.imported_by.get_full_name() or statement.imported_by.email
    return _(
        "Dit bankafschrift is al ingelezen op %(day)s door %(who)s (%(name)s). Er is niets "
        "opnieuw geboekt."
    ) % {
        "day": datum_lang(statement.imported_at, with_time=True),
        "who": who,
        "name": statement.file_name,
    }


@transaction.atomic
def statement_import(*, uploaded_file, user) -> BankStatement:
    """Import one camt.053 of the fund's account and book what it says (see the module's
    docstring). Returns the statement with its lines and counts."""
    from .payouts import payout_failed, payout_paid, reclaim_received

    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    data, file_name = read_upload(uploaded_file)
    digest = hashlib.sha256(data).hexdigest()
    earlier = BankStatement.objects.select_related("imported_by").filter(sha256=digest).first()
    if earlier is not None:
        raise _refuse(_earlier_import(earlier))
    parsed = parse_camt053(data)
    own = settings.FUND_ACCOUNT_IBAN
    if parsed.account_iban and parsed.account_iban != own:
        raise _refuse(
            _(
                "Dit afschrift is van rekening %(account)s, niet van de rekening van het fonds "
                "(%(own)s)."
            )
            % {"account": parsed.account_iban, "own": own}
        )
    statement = BankStatement(
        sha256=digest,
        statement_id=parsed.statement_id,
        account_iban=parsed.account_iban or own,
        file_name=file_name[:200],
        imported_by=user,
    )
    statement._history_user = user
    statement._change_reason = "Bankafschrift ingelezen"
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:
        earlier = BankStatement.objects.select_related("imported_by").get(sha256=digest)
        raise _refuse(_earlier_import(earlier)) from None

    entries = parsed.entries
    prints = fingerprints(statement.account_iban, entries)
    known = _known_fingerprints(prints)
    payouts = _payouts_by_id([entry.end_to_end_id for entry in entries if entry.end_to_end_id])
    open_reclaims = list(
        Reclaim.objects.select_for_update(of=("self",))
        .filter(status=Reclaim.Status.OPEN)
        .select_related("application")
        .order_by("pk")
    )
    by_reference = {reclaim.reference.upper(): reclaim for reclaim in open_reclaims}

    lines: list[StatementLine] = []
    moves: list[tuple] = []  # (line index, what to do, object)
    status_now = {e2e: payout.status for e2e, payout in payouts.items()}
    reclaims_taken: set[int] = set()
    seen_prints: set[str] = set()
    for index, (entry, fingerprint) in enumerate(zip(entries, prints, strict=True)):
        outcome = StatementLine.Outcome.UNKNOWN
        payout = payouts.get(entry.end_to_end_id) if entry.end_to_end_id else None
        reclaim = None
        if fingerprint in known or fingerprint in seen_prints:
            outcome = StatementLine.Outcome.DUPLICATE
        elif entry.currency != "EUR":
            payout = None
        elif payout is not None and _is_return(entry):
            status = status_now[payout.end_to_end_id]
            if status in (PayoutStatus.IN_BATCH, PayoutStatus.BETAALD):
                outcome = StatementLine.Outcome.RETURNED
                status_now[payout.end_to_end_id] = PayoutStatus.MISLUKT
                moves.append((index, "failed", payout))
            elif status == PayoutStatus.MISLUKT:
                outcome = StatementLine.Outcome.DUPLICATE
        elif payout is not None and not entry.credit:
            status = status_now[payout.end_to_end_id]
            if status == PayoutStatus.IN_BATCH and entry.amount == payout.amount:
                outcome = StatementLine.Outcome.PAID
                status_now[payout.end_to_end_id] = PayoutStatus.BETAALD
                moves.append((index, "paid", payout))
            elif status == PayoutStatus.BETAALD and entry.amount == payout.amount:
                outcome = StatementLine.Outcome.DUPLICATE
        elif entry.credit and not _is_return(entry):
            payout = None
            reclaim = _reclaim_for(entry, by_reference, open_reclaims, reclaims_taken)
            if reclaim is not None:
                outcome = StatementLine.Outcome.RECLAIM
                reclaims_taken.add(reclaim.pk)
                moves.append((index, "reclaim", reclaim))
        if outcome == StatementLine.Outcome.UNKNOWN:
            payout = None
        seen_prints.add(fingerprint)
        lines.append(
            StatementLine(
                statement=statement,
                fingerprint=fingerprint,
                booking_date=entry.booking_date,
                amount=entry.amount,
                credit=entry.credit,
                end_to_end_id=entry.end_to_end_id,
                counterparty_iban=entry.counterparty_iban,
                counterparty_name=entry.counterparty_name,
                remittance=entry.remittance,
                return_reason=entry.return_reason,
                outcome=outcome,
                payout=payout,
                reclaim=reclaim,
            )
        )
    StatementLine.objects.bulk_create(lines, batch_size=500)
    if any(line.pk is None for line in lines):
        # A database that does not return ids from a bulk insert: read them back once.
        saved = list(statement.lines.order_by("pk").values_list("pk", flat=True))
        for line, pk in zip(lines, saved, strict=True):
            line.pk = line.id = pk

    counts: Counter = Counter(line.outcome for line in lines)
    for index, move, target in moves:
        line = lines[index]
        entry = entries[index]
        try:
            if move == "paid":
                payout_paid(
                    payout=target,
                    paid_on=entry.booking_date or statement.imported_at.date(),
                    user=user,
                    line=line,
                )
            elif move == "failed":
                with translation.override(settings.LANGUAGE_CODE):
                    reason = _("Teruggeboekt door de bank: %(reason)s") % {
                        "reason": return_reason_text(entry.return_reason)
                    }
                payout_failed(payout=target, reason=reason, user=user, line=line)
            else:
                reclaim_received(
                    reclaim=target,
                    received_on=entry.booking_date or statement.imported_at.date(),
                    user=user,
                    line=line,
                )
        except (ValidationError, PermissionDenied) as exc:
            why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise _refuse(
                _("Regel %(number)s kon niet worden geboekt: %(reason)s. Er is niets geboekt.")
                % {"number": index + 1, "reason": why or _("geen toestemming")}
            ) from None

    statement.matched = counts[StatementLine.Outcome.PAID] + counts[StatementLine.Outcome.RECLAIM]
    statement.returned = counts[StatementLine.Outcome.RETURNED]
    statement.unknown = counts[StatementLine.Outcome.UNKNOWN]
    statement._history_user = user
    statement._change_reason = "Bankafschrift ingelezen"
    statement.save(update_fields=["matched", "returned", "unknown"])
    return statement


def _reclaim_for(entry: Entry, by_reference: dict, open_reclaims: list, taken: set):
    """The open reclaim a credit pays: by its reference in the description, else by the
    amount from the applicant's account."""
    words = entry.remittance.upper()
    for reference, reclaim in by_reference.items():
        if reclaim.pk not in taken and reference and reference in words:
            return reclaim
    if not entry.counterparty_iban:
        return None
    for reclaim in open_reclaims:
        if (
            reclaim.pk not in taken
            and reclaim.amount == entry.amount
            and (reclaim.application.iban or "").replace(" ", "").upper() == entry.counterparty_iban
        ):
            return reclaim
    return None
