"""From approved tranches to money at the applicant's bank and back: the back office makes
one payment file of every approved tranche, reads the bank's statement, and the ledger
follows. Every tranche moves through the payouts' own services (fonds.services.payouts)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fonds import services
from fonds.models import BankStatement, PaymentBatch, Payout, PayoutStatus, Reclaim, StatementLine
from tests.fonds.camt import Statement
from tests.fonds.payout_helpers import granted, money
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

S = PayoutStatus
OWN = "NL02ABNA0123456789"


@pytest.fixture
def backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def approved(fund_year, make_application, coordinator, backoffice):
    """`approved(n)`: n granted applications, each with its advance tranche approved."""

    def make(count=2, amount=Decimal("1000.00")):
        result = []
        for _ in range(count):
            application = granted(make_application, coordinator, amount=amount)
            services.payout_plan_create(application=application, user=coordinator)
            advance = application.payouts.order_by("number").first()
            advance = services.payout_prepare(payout=advance, user=backoffice)
            result.append(services.payout_approve(payout=advance, user=coordinator))
        return result

    return make


def upload(data: bytes, name="afschrift.xml"):
    return SimpleUploadedFile(name, data, content_type="application/xml")


def test_one_batch_takes_every_approved_tranche(approved, backoffice):
    payouts = approved(3)
    batch = services.batch_export(user=backoffice)
    assert batch.count == 3
    assert batch.total == sum(p.amount for p in payouts)
    assert batch.debtor_iban == OWN
    assert set(batch.payouts.values_list("status", flat=True)) == {S.IN_BATCH}
    for payout in payouts:
        assert payout.end_to_end_id in batch.xml
    assert batch.history.first().history_user == backoffice
    # Nothing left: the second export is refused in words, and makes no batch.
    with pytest.raises(ValidationError, match="geen goedgekeurde uitbetalingen"):
        services.batch_export(user=backoffice)
    assert PaymentBatch.objects.count() == 1
    # The file is the same bytes at every download.
    assert services.batch_file(batch) == services.batch_file(PaymentBatch.objects.get())


def test_only_the_back_office_and_coordinators_make_a_payment_file(approved, reviewer):
    approved(1)
    with pytest.raises(PermissionDenied):
        services.batch_export(user=reviewer)
    assert not PaymentBatch.objects.exists()


def test_a_tranche_the_exporter_is_involved_in_stops_the_whole_file(
    approved, make_application, backoffice
):
    payouts = approved(2)
    application = payouts[0].application
    application.entered_by = backoffice
    application.save(update_fields=["entered_by"])
    with pytest.raises(ValidationError, match="collega"):
        services.batch_export(user=backoffice)
    assert not PaymentBatch.objects.exists()
    assert set(Payout.objects.values_list("status", flat=True)) >= {S.GOEDGEKEURD}


def test_the_statement_marks_paid_reopens_a_returned_one_and_lists_the_unknown(
    approved, backoffice
):
    first, second, third = approved(3)
    services.batch_export(user=backoffice)
    first, second, third = (Payout.objects.get(pk=p.pk) for p in (first, second, third))
    statement = (
        Statement(OWN, statement_id="AFS-1")
        .paid(first)
        .paid(second)
        .paid(third)
        .returned(second, reason="AC04")
        .received("42.00", remittance="Gift van de buren")
    )
    imported = services.statement_import(uploaded_file=upload(statement.xml()), user=backoffice)
    assert (imported.matched, imported.returned, imported.unknown) == (3, 1, 1)
    first, second, third = (Payout.objects.get(pk=p.pk) for p in (first, second, third))
    assert first.status == S.BETAALD and first.paid_on == timezone.localdate()
    assert third.status == S.BETAALD
    assert second.status == S.MISLUKT
    assert "rekening opgeheven" in second.failed_reason
    outcomes = list(imported.lines.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["betaald", "betaald", "betaald", "teruggeboekt", "onbekend"]
    assert imported.lines.get(outcome="teruggeboekt").payout == second
    # The ledger: paid for the two that arrived; the returned one paid and booked back.
    assert money(first.application)["paid_out"] == first.amount
    assert money(second.application)["paid_out"] == Decimal("0.00")
    assert money(second.application)["returned"] == second.amount
    # A returned tranche can be prepared again (with a corrected account).
    services.payout_prepare(payout=second, user=backoffice)


def test_the_same_statement_twice_changes_nothing(approved, backoffice):
    (payout,) = approved(1)
    services.batch_export(user=backoffice)
    payout.refresh_from_db()
    data = Statement(OWN).paid(payout).xml()
    services.statement_import(uploaded_file=upload(data), user=backoffice)
    before = money(payout.application)
    with pytest.raises(ValidationError, match="al ingelezen op") as caught:
        services.statement_import(uploaded_file=upload(data, "weer.xml"), user=backoffice)
    assert "afschrift.xml" in " ".join(caught.value.messages)
    assert BankStatement.objects.count() == 1
    assert money(payout.application) == before


def test_an_entry_read_before_in_another_file_is_a_duplicate(approved, backoffice):
    (payout,) = approved(1)
    services.batch_export(user=backoffice)
    payout.refresh_from_db()
    first = Statement(OWN, statement_id="DAG-1").paid(payout)
    services.statement_import(uploaded_file=upload(first.xml()), user=backoffice)
    before = money(payout.application)
    # The next day's statement repeats the entry (same bank reference) and adds another.
    second = Statement(OWN, statement_id="DAG-2", entries=list(first.entries)).received("9.99")
    imported = services.statement_import(uploaded_file=upload(second.xml()), user=backoffice)
    assert list(imported.lines.order_by("pk").values_list("outcome", flat=True)) == [
        "dubbel",
        "onbekend",
    ]
    assert (imported.matched, imported.returned, imported.unknown) == (0, 0, 1)
    assert money(payout.application) == before


def test_a_reclaim_is_matched_by_its_reference_or_by_amount_and_account(
    approved, backoffice, coordinator
):
    first, second = approved(2)
    services.batch_export(user=backoffice)
    first, second = (Payout.objects.get(pk=p.pk) for p in (first, second))
    services.statement_import(
        uploaded_file=upload(Statement(OWN, statement_id="A").paid(first).paid(second).xml()),
        user=backoffice,
    )
    by_reference = services.reclaim_request(
        application=first.application, amount=Decimal("100.00"), reason="Over", user=coordinator
    )
    by_account = services.reclaim_request(
        application=second.application, amount=Decimal("55.50"), reason="Over", user=coordinator
    )
    statement = (
        Statement(OWN, statement_id="B")
        .received("100.00", remittance=f"terugbetaling {by_reference.reference.lower()}")
        .received("55.50", iban=second.application.iban, remittance="geld terug")
        .received("55.50", iban=second.application.iban, remittance="nog eens")
    )
    imported = services.statement_import(uploaded_file=upload(statement.xml()), user=backoffice)
    assert list(imported.lines.order_by("pk").values_list("outcome", flat=True)) == [
        "terugbetaling",
        "terugbetaling",
        "onbekend",
    ]
    by_reference.refresh_from_db()
    by_account.refresh_from_db()
    assert by_reference.status == by_account.status == Reclaim.Status.RECEIVED
    assert money(first.application)["reclaimed"] == Decimal("100.00")
    assert money(second.application)["reclaimed"] == Decimal("55.50")


def test_a_statement_of_another_account_books_nothing(approved, backoffice):
    (payout,) = approved(1)
    services.batch_export(user=backoffice)
    payout.refresh_from_db()
    data = Statement("NL91ABNA0417164300").paid(payout).xml()
    with pytest.raises(ValidationError, match="niet van de rekening van het fonds"):
        services.statement_import(uploaded_file=upload(data), user=backoffice)
    payout.refresh_from_db()
    assert payout.status == S.IN_BATCH
    assert not BankStatement.objects.exists()


def test_a_line_that_cannot_be_booked_books_nothing_of_the_file(approved, backoffice):
    first, second = approved(2)
    services.batch_export(user=backoffice)
    first, second = (Payout.objects.get(pk=p.pk) for p in (first, second))
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    data = Statement(OWN).paid(first).paid(second, on=tomorrow).xml()
    with pytest.raises(ValidationError, match="Er is niets geboekt"):
        services.statement_import(uploaded_file=upload(data), user=backoffice)
    first.refresh_from_db()
    assert first.status == S.IN_BATCH
    assert not BankStatement.objects.exists() and not StatementLine.objects.exists()


def test_lookups_are_batched_whatever_the_number_of_lines(backoffice):
    """Unknown lines cost no query each: 3 or 300 lines, the same queries."""
    few = Statement(OWN, statement_id="FEW")
    for n in range(3):
        few.received(f"{n + 1}.00", remittance=f"onbekend {n}")
    many = Statement(OWN, statement_id="MANY")
    for n in range(300):
        many.received(f"{n + 1}.00", remittance=f"onbekend {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        services.statement_import(uploaded_file=upload(few.xml(), "a.xml"), user=backoffice)
    with CaptureQueriesContext(connection) as large:
        services.statement_import(uploaded_file=upload(many.xml(), "b.xml"), user=backoffice)
    assert len(large.captured_queries) <= len(small.captured_queries) + 2  # bulk insert batches


def test_an_importer_involved_in_a_grant_books_nothing_and_is_told_why(approved, backoffice):
    (payout,) = approved(1)
    services.batch_export(user=backoffice)
    payout.refresh_from_db()
    importer = UserFactory(role="ondersteuner-sociaal-beheer")
    payout.application.entered_by = importer
    payout.application.save(update_fields=["entered_by"])
    data = Statement(OWN).paid(payout).xml()
    with pytest.raises(ValidationError, match="Er is niets geboekt"):
        services.statement_import(uploaded_file=upload(data), user=importer)
    payout.refresh_from_db()
    assert payout.status == S.IN_BATCH
    assert not BankStatement.objects.exists()
    # A colleague reads the same file: booked.
    services.statement_import(uploaded_file=upload(data), user=backoffice)
    payout.refresh_from_db()
    assert payout.status == S.BETAALD
