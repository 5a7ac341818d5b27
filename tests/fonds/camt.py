"""A small builder of bank statements (camt.053.001.02), as a bank sends them, for the
tests and the benchmark: one statement of an account with entries that are payments out
(debits), payments sent back (returns) and money received (credits)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
_refs = itertools.count(1)


def _today() -> dt.date:
    """Booked today (Amsterdam): a bank books nothing in the future."""
    from django.utils import timezone

    return timezone.localdate()


@dataclass
class CamtEntry:
    amount: Decimal
    credit: bool
    booking_date: dt.date
    end_to_end_id: str = ""
    counterparty_iban: str = ""
    counterparty_name: str = ""
    remittance: str = ""
    return_reason: str = ""
    reversal: bool = False
    reference: str = ""


@dataclass
class Statement:
    account_iban: str
    statement_id: str = "STMT-1"
    entries: list[CamtEntry] = field(default_factory=list)

    def paid(self, payout, *, on: dt.date | None = None) -> Statement:
        """The bank paid a tranche: a debit with its end-to-end id."""
        self.entries.append(
            CamtEntry(
                amount=payout.amount,
                credit=False,
                booking_date=on or _today(),
                end_to_end_id=payout.end_to_end_id,
                counterparty_iban=payout.iban,
                counterparty_name=payout.account_holder,
                remittance=f"{payout.application.reference} tranche {payout.number}",
            )
        )
        return self

    def returned(self, payout, *, reason: str = "AC04", on: dt.date | None = None) -> Statement:
        """The receiving bank sent a tranche back: a credit with a return reason."""
        self.entries.append(
            CamtEntry(
                amount=payout.amount,
                credit=True,
                booking_date=on or _today(),
                end_to_end_id=payout.end_to_end_id,
                counterparty_iban=payout.iban,
                counterparty_name=payout.account_holder,
                remittance="RETOUR",
                return_reason=reason,
                reversal=True,
            )
        )
        return self

    def received(
        self,
        amount,
        *,
        iban: str = "NL44RABO0123456789",
        name: str = "Onbekend",
        remittance: str = "",
        on: dt.date | None = None,
    ) -> Statement:
        """Money came in (a reclaim paid back, or something the fund does not know)."""
        self.entries.append(
            CamtEntry(
                amount=Decimal(amount),
                credit=True,
                booking_date=on or _today(),
                counterparty_iban=iban,
                counterparty_name=name,
                remittance=remittance,
            )
        )
        return self

    def debit(self, amount, *, iban: str = "NL44RABO0123456789", remittance: str = "") -> Statement:
        """A payment out that is not the fund's (no end-to-end id of ours)."""
        self.entries.append(
            CamtEntry(
                amount=Decimal(amount),
                credit=False,
                booking_date=_today(),
                counterparty_iban=iban,
                counterparty_name="Leverancier",
                remittance=remittance,
            )
        )
        return self

    def xml(self) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<Document xmlns="{NAMESPACE}"><BkToCstmrStmt>',
            f"<GrpHdr><MsgId>{escape(self.statement_id)}-MSG</MsgId>"
            "<CreDtTm>2026-11-30T08:00:00</CreDtTm></GrpHdr>",
            f"<Stmt><Id>{escape(self.statement_id)}</Id>"
            "<CreDtTm>2026-11-30T08:00:00</CreDtTm>"
            f"<Acct><Id><IBAN>{self.account_iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>",
        ]
        parts.extend(_entry_xml(entry) for entry in self.entries)
        parts.append("</Stmt></BkToCstmrStmt></Document>")
        return "".join(parts).encode("utf-8")


def _entry_xml(entry: CamtEntry) -> str:
    reference = entry.reference or f"BANK{next(_refs):012d}"
    entry.reference = reference
    indicator = "CRDT" if entry.credit else "DBIT"
    if entry.credit:
        parties = (
            f"<Dbtr><Nm>{escape(entry.counterparty_name)}</Nm></Dbtr>"
            f"<DbtrAcct><Id><IBAN>{entry.counterparty_iban}</IBAN></Id></DbtrAcct>"
        )
    else:
        parties = (
            f"<Cdtr><Nm>{escape(entry.counterparty_name)}</Nm></Cdtr>"
            f"<CdtrAcct><Id><IBAN>{entry.counterparty_iban}</IBAN></Id></CdtrAcct>"
        )
    refs = (
        f"<Refs><EndToEndId>{escape(entry.end_to_end_id)}</EndToEndId></Refs>"
        if entry.end_to_end_id
        else "<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
    )
    remittance = (
        f"<RmtInf><Ustrd>{escape(entry.remittance)}</Ustrd></RmtInf>" if entry.remittance else ""
    )
    return_info = (
        f"<RtrInf><Rsn><Cd>{entry.return_reason}</Cd></Rsn></RtrInf>" if entry.return_reason else ""
    )
    amount = f"{Decimal(entry.amount):.2f}"
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>'
        + ("<RvslInd>true</RvslInd>" if entry.reversal else "")
        + "<Sts>BOOK</Sts>"
        f"<BookgDt><Dt>{entry.booking_date.isoformat()}</Dt></BookgDt>"
        f"<ValDt><Dt>{entry.booking_date.isoformat()}</Dt></ValDt>"
        f"<AcctSvcrRef>{reference}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd>"
        f'<NtryDtls><TxDtls>{refs}<AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt>'
        f"</AmtDtls><RltdPties>{parties}</RltdPties>{remittance}{return_info}</TxDtls>"
        "</NtryDtls></Ntry>"
    )
