"""The two files the fund exchanges with the bank, read and written on their own: the
pain.001 credit-transfer file validates against its XML schema, and the camt.053 reader
takes what a bank sends and refuses, in Dutch, whatever is not a statement."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from fonds.checks import check_fund_account
from fonds.models import Payout
from fonds.services import sepa, statements
from tests.fonds.camt import Statement

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
PAIN = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"
OWN = "NL02ABNA0123456789"


def _payouts(make_application, count=3):
    application = make_application(status="toegekend")
    return [
        Payout(
            application=application,
            number=n,
            amount=Decimal("125.50") * n,
            due_date=dt.date(2026, 11, 26),
            end_to_end_id=f"FW-T-{application.pk}-{n}",
            iban="NL91ABNA0417164300",
            account_holder="Bewonersgroep De Linde & Zoon <ü>",
        )
        for n in range(1, count + 1)
    ]


def test_the_payment_file_validates_against_the_pain_001_schema(make_application):
    payouts = _payouts(make_application)
    xml = sepa.build_pain001(payouts, message_id="FW-TEST-1", execution_date=dt.date(2026, 12, 1))
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml.decode())  # raises when invalid
    root = etree.fromstring(xml)
    assert root.findtext(f".//{PAIN}GrpHdr/{PAIN}MsgId") == "FW-TEST-1"
    assert root.findtext(f".//{PAIN}GrpHdr/{PAIN}NbOfTxs") == "3"
    assert root.findtext(f".//{PAIN}GrpHdr/{PAIN}CtrlSum") == "753.00"
    assert root.findtext(f".//{PAIN}DbtrAcct/{PAIN}Id/{PAIN}IBAN") == OWN
    assert root.findtext(f".//{PAIN}ReqdExctnDt") == "2026-12-01"
    transactions = root.findall(f".//{PAIN}CdtTrfTxInf")
    assert [t.findtext(f"{PAIN}PmtId/{PAIN}EndToEndId") for t in transactions] == [
        p.end_to_end_id for p in payouts
    ]
    reference = payouts[0].application.reference
    assert transactions[1].findtext(f"{PAIN}RmtInf/{PAIN}Ustrd") == f"{reference} tranche 2"
    assert transactions[1].findtext(f"{PAIN}Amt/{PAIN}InstdAmt") == "251.00"
    assert transactions[0].findtext(f"{PAIN}CdtrAcct/{PAIN}Id/{PAIN}IBAN") == "NL91ABNA0417164300"
    assert transactions[0].findtext(f"{PAIN}Cdtr/{PAIN}Nm").startswith("Bewonersgroep De Linde")


def test_a_tranche_without_an_account_makes_no_file(make_application):
    payouts = _payouts(make_application, count=1)
    payouts[0].iban = ""
    with pytest.raises(ValidationError, match="geen rekeningnummer"):
        sepa.build_pain001(payouts, message_id="FW-TEST-2", execution_date=dt.date(2026, 12, 1))


def test_an_execution_date_in_the_past_or_far_ahead_is_refused():
    today = dt.date.today()
    assert sepa.check_execution_date(None) <= today + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="verleden"):
        sepa.check_execution_date(today - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="te ver vooruit"):
        sepa.check_execution_date(today + dt.timedelta(days=400))


def test_message_ids_are_unique_and_fit_sepa():
    ids = {sepa.new_message_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) <= 35 for i in ids)


# Reading a statement -----------------------------------------------------------------


class _Payout:
    def __init__(self, e2e, amount):
        self.end_to_end_id = e2e
        self.amount = Decimal(amount)
        self.iban = "NL91ABNA0417164300"
        self.account_holder = "Bewonersgroep"
        self.number = 1

        class _App:
            reference = "LF-2026-0001"

        self.application = _App()


def test_a_statement_is_read_with_its_returns_and_credits():
    statement = (
        Statement(OWN, statement_id="AFS-7")
        .paid(_Payout("FW-1", "350.00"))
        .returned(_Payout("FW-2", "150.00"), reason="AC04")
        .received("75.25", remittance="Terugbetaling TV-2026-0001", name="Jansen")
        .debit("12.00", remittance="Bankkosten")
    )
    parsed = statements.parse_camt053(statement.xml())
    assert parsed.statement_id == "AFS-7"
    assert parsed.account_iban == OWN
    paid, returned, received, debit = parsed.entries
    assert (paid.credit, paid.end_to_end_id, paid.amount) == (False, "FW-1", Decimal("350.00"))
    assert paid.booking_date == timezone.localdate()
    assert paid.counterparty_iban == "NL91ABNA0417164300"
    assert (returned.credit, returned.return_reason, returned.reversal) == (True, "AC04", True)
    assert received.remittance == "Terugbetaling TV-2026-0001"
    assert received.counterparty_name == "Jansen"
    assert received.end_to_end_id == ""  # NOTPROVIDED is no id
    assert debit.credit is False and debit.end_to_end_id == ""


def test_the_return_reason_reads_in_dutch():
    assert statements.return_reason_text("AC04") == "rekening opgeheven (AC04)"
    assert "ZZ99" in statements.return_reason_text("ZZ99")


def test_the_same_entry_has_the_same_fingerprint_in_another_file():
    first = Statement(OWN).paid(_Payout("FW-1", "10.00")).received("5.00")
    again = Statement(OWN, statement_id="STMT-2", entries=first.entries[:1])
    first_prints = statements.fingerprints(OWN, statements.parse_camt053(first.xml()).entries)
    again_prints = statements.fingerprints(OWN, statements.parse_camt053(again.xml()).entries)
    assert again_prints[0] == first_prints[0]
    assert first_prints[1] != first_prints[0]


BAD_FILES = {
    "leeg": (b"", "leeg"),
    "spaties": (b"   \n", "leeg"),
    "NUL": (b"<?xml version='1.0'?>\x00<Document/>", "ongeldige tekens"),
    "geen xml": (b"Datum;Bedrag\n2026-11-26;12,00\n", "geen geldig XML"),
    "afgebroken": (Statement(OWN).received("5.00").xml()[:-40], "geen geldig XML"),
    "ander xml": (b"<?xml version='1.0'?><html><body>hoi</body></html>", "camt.053"),
    "camt.054": (
        b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'><x/></Document>",
        "camt.053",
    ),
    "camt zonder afschrift": (
        b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'>"
        b"<BkToCstmrStmt/></Document>",
        "camt.053",
    ),
    "entiteit": (
        b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'>&x;</Document>",
        "camt.053",
    ),
    "bedrag NaN": (Statement(OWN).received("5.00").xml().replace(b">5.00<", b">NaN<"), "bedrag"),
    "bedrag negatief": (
        Statement(OWN).received("5.00").xml().replace(b">5.00<", b">-5.00<"),
        "bedrag",
    ),
    "bedrag enorm": (
        Statement(OWN).received("5.00").xml().replace(b">5.00<", b">1E+30<"),
        "bedrag",
    ),
    "datum": (
        Statement(OWN)
        .received("5.00")
        .xml()
        .replace(str(timezone.localdate()).encode(), b"2026-13-45"),
        "boekdatum",
    ),
    "geen richting": (
        Statement(OWN).received("5.00").xml().replace(b"<CdtDbtInd>CRDT", b"<CdtDbtInd>XXXX"),
        "bij- of afschrijving",
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_is_no_statement_gets_a_dutch_message(name):
    data, words = BAD_FILES[name]
    upload = SimpleUploadedFile("afschrift.xml", data, content_type="text/xml")
    with pytest.raises(ValidationError) as caught:
        content, _name = statements.read_upload(upload)
        statements.parse_camt053(content)
    assert words in " ".join(caught.value.messages)


def test_a_payment_file_is_recognised_as_such(make_application):
    pain = sepa.build_pain001(
        _payouts(make_application, 1), message_id="FW-P", execution_date=dt.date(2026, 12, 1)
    )
    with pytest.raises(ValidationError, match="betaalbestand"):
        statements.parse_camt053(pain)


@override_settings(FUND_STATEMENT_MAX_SIZE=1000)
def test_a_huge_file_is_refused_before_it_is_read():
    data = Statement(OWN).received("5.00").xml() + b" " * 2000
    upload = SimpleUploadedFile("groot.xml", data)
    with pytest.raises(ValidationError, match="te groot"):
        statements.read_upload(upload)
    unsized = io.BytesIO(data)
    unsized.name = "groot.xml"
    with pytest.raises(ValidationError, match="te groot"):
        statements.read_upload(unsized)


# The account in the settings -----------------------------------------------------------


def test_an_invalid_fund_account_is_refused_by_the_system_check():
    assert check_fund_account() == []
    with override_settings(FUND_ACCOUNT_IBAN="NL00ABNA0123456789"):
        assert [m.id for m in check_fund_account()] == ["fonds.E001"]
    with override_settings(FUND_ACCOUNT_BIC="NOPE"):
        assert [m.id for m in check_fund_account()] == ["fonds.E002"]
    with override_settings(FUND_ACCOUNT_IBAN="garbage"), pytest.raises(Exception, match="E001"):
        call_command("check")
