"""The money overview (Geldoverzicht): the figures per wijk and per grant after a known
set of ledger entries, tranches, reclaims and contributions, to the cent; the exports
read back; who may see it; and a flat number of queries however many wijken and grants."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fonds import money
from fonds.models import Donation, FundYear, LedgerEntry, PayoutStatus, Reclaim, Status, WijkBudget
from portal.models import Wijk
from tests.fonds.conftest import staff_client
from tests.fonds.payout_factories import DonationFactory, PayoutFactory, ReclaimFactory, book
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db
K = LedgerEntry.Kind
D = Decimal


@pytest.fixture
def books(fund_year, wijk, other_wijk, make_application, coordinator):
    """Wijk A (`wijk`, a share of € 4.000) has a grant that was paid, returned by the bank,
    paid again, partly asked back and partly received back, with contributions and the
    fund's matching; and a grant that was withdrawn. Wijk B (`other_wijk`, no share) has a
    grant with its advance paid. A third wijk has nothing. A grant of last year in A
    stays out of this year."""
    WijkBudget.objects.create(fund_year=fund_year, wijk=wijk, amount=D("4000.00"))
    a1 = make_application(Status.TOEGEKEND, D("1000.00"), granted_amount=D("1000.00"))
    a2 = make_application(Status.INGETROKKEN, D("500.00"), granted_amount=D("500.00"))
    b1 = make_application(
        Status.TOEGEKEND, D("2000.00"), wijk=other_wijk, granted_amount=D("2000.00")
    )
    for kind, amount in [
        (K.COMMITTED, "1000.00"),
        (K.PAID, "700.00"),
        (K.RETURNED, "700.00"),
        (K.PAID, "700.00"),
        (K.RECLAIMED, "100.00"),
        (K.MATCHED, "50.00"),
        (K.MATCHED, "30.00"),
    ]:
        book(a1, kind, amount, fund_year=fund_year, user=coordinator)
    book(a2, K.COMMITTED, "500.00", fund_year=fund_year, user=coordinator)
    book(a2, K.RELEASED, "500.00", fund_year=fund_year)
    book(b1, K.COMMITTED, "2000.00", fund_year=fund_year, user=coordinator)
    book(b1, K.PAID, "1400.00", fund_year=fund_year, user=coordinator)

    PayoutFactory(
        application=a1,
        number=1,
        amount=D("700.00"),
        status=PayoutStatus.BETAALD,
        paid_on=dt.date(2026, 3, 4),
    )
    PayoutFactory(
        application=a1,
        number=2,
        amount=D("300.00"),
        status=PayoutStatus.GEPLAND,
        after_report=True,
        kind="restant",
    )
    PayoutFactory(application=a2, number=1, amount=D("500.00"), status=PayoutStatus.GEANNULEERD)
    PayoutFactory(
        application=b1,
        number=1,
        amount=D("1400.00"),
        status=PayoutStatus.BETAALD,
        paid_on=dt.date(2026, 5, 6),
    )
    PayoutFactory(application=b1, number=2, amount=D("600.00"), status=PayoutStatus.GEPLAND)
    ReclaimFactory(application=a1, amount=D("200.00"))
    ReclaimFactory(
        application=a1,
        amount=D("100.00"),
        status=Reclaim.Status.RECEIVED,
        received_on=dt.date(2026, 6, 1),
    )
    ReclaimFactory(application=a1, amount=D("999.00"), status=Reclaim.Status.WAIVED)
    DonationFactory(application=a1, amount=D("50.00"), matched_amount=D("50.00"))
    DonationFactory(application=a1, amount=D("30.00"), matched_amount=D("30.00"))
    DonationFactory(application=a1, amount=D("20.00"), status=Donation.Status.TERUGBETAALD)
    DonationFactory(application=a1, amount=D("15.00"), status=Donation.Status.OPEN, paid_at=None)

    last_year = FundYear.objects.create(year=fund_year.year - 1, budget=D("5000.00"))
    a3 = make_application(Status.TOEGEKEND, D("999.00"), granted_amount=D("999.00"))
    book(a3, K.COMMITTED, "999.00", fund_year=last_year)
    ReclaimFactory(application=a3, amount=D("10.00"))
    empty = WijkFactory(name="Zzz lege wijk")
    return {"a1": a1, "a2": a2, "b1": b1, "a3": a3, "empty": empty}


def _line(overview, wijk):
    return next(line for line in overview.lines if line.wijk.pk == wijk.pk)


def test_year_overview_adds_up_every_kind_of_money_per_wijk(books, fund_year, wijk, other_wijk):
    overview = money.year_overview(fund_year, Wijk.objects.order_by("name"))
    a = _line(overview, wijk).money
    assert (a.budget, a.committed, a.paid_out, a.open) == (D("4000"), D("980"), D("600"), D("380"))
    assert (a.released, a.reclaim_asked, a.reclaimed, a.returned) == (
        D("500"),
        D("300"),
        D("100"),
        D("700"),
    )
    assert (a.cofunded, a.matched, a.available) == (D("80"), D("80"), D("3020"))
    assert _line(overview, wijk).grants == 2
    b = _line(overview, other_wijk).money
    assert (b.budget, b.committed, b.paid_out, b.open, b.available) == (
        None,
        D("2000"),
        D("1400"),
        D("600"),
        None,
    )
    empty = _line(overview, books["empty"])
    assert (empty.money.committed, empty.grants) == (D("0"), 0)
    assert overview.shared_budget == D("6000")
    assert overview.shared_available == D("4000")
    t = overview.total
    assert (t.budget, t.committed, t.paid_out, t.open, t.available) == (
        D("10000"),
        D("2980"),
        D("2000"),
        D("980"),
        D("7020"),
    )
    assert (t.released, t.reclaim_asked, t.reclaimed, t.returned, t.cofunded, t.matched) == (
        D("500"),
        D("300"),
        D("100"),
        D("700"),
        D("80"),
        D("80"),
    )


def test_the_totals_are_the_ledgers_own_budget_position(books, fund_year):
    from fonds.selectors import budget_position

    position = budget_position(fund_year)
    total = money.year_overview(fund_year, Wijk.objects.all()).total
    assert (total.committed, total.paid_out, total.available) == (
        position.committed,
        position.paid,
        position.available,
    )


def test_year_grants_have_their_own_money(books, fund_year, wijk):
    lines = money.year_grants(fund_year, Wijk.objects.all())
    by_pk = {line.application.pk: line for line in lines}
    assert set(by_pk) == {books["a1"].pk, books["a2"].pk, books["b1"].pk}  # not last year's
    a1 = by_pk[books["a1"].pk]
    assert (a1.granted, a1.money.committed, a1.money.paid_out, a1.money.open) == (
        D("1000"),
        D("980"),
        D("600"),
        D("380"),
    )
    assert (a1.money.reclaim_asked, a1.money.cofunded, a1.money.matched) == (
        D("300"),
        D("80"),
        D("80"),
    )
    assert (a1.tranches_paid, a1.tranches, a1.last_paid_on) == (1, 2, dt.date(2026, 3, 4))
    a2 = by_pk[books["a2"].pk]
    assert (a2.money.committed, a2.money.released, a2.tranches) == (D("0"), D("500"), 0)
    only_a = money.year_grants(fund_year, Wijk.objects.all(), wijk)
    assert {line.application.pk for line in only_a} == {books["a1"].pk, books["a2"].pk}
    granted, total = money.grants_total(lines)
    assert (granted, total.committed, total.paid_out) == (D("3500"), D("2980"), D("2000"))


def test_grant_money_lists_everything_of_one_grant(books, django_assert_num_queries):
    a1 = books["a1"]
    with django_assert_num_queries(4):
        found = money.grant_money(a1)
    assert [p.number for p in found.tranches] == [1, 2]
    assert len(found.reclaims) == 3 and found.asked_back == D("300")
    assert (found.cofunded, found.matched_by_fund) == (D("80"), D("80"))
    assert len(found.ledger) == 7
    assert found.money["used"] == D("980") and found.money["open"] == D("380")
    assert found.money["returned"] == D("700")


# --- the pages --------------------------------------------------------------------------


@pytest.fixture
def back_office(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


def test_the_overview_page_shows_the_table_with_euros(client, books, coordinator, wijk, fund_year):
    response = staff_client(client, coordinator).get(reverse("fonds_money:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "€\xa04.000,00" in html  # wijk A's budget
    assert "€\xa03.020,00" in html  # what A may still use
    assert "€\xa07.020,00" in html  # the year's available
    assert "None" not in html
    assert f"{reverse('fonds_money:grants', args=[fund_year.year])}?wijk={wijk.pk}" in html
    assert reverse("fonds_money:overview_export", args=[fund_year.year, "xlsx"]) in html


def test_the_grants_list_and_the_grant_page(client, books, back_office, wijk, fund_year):
    c = staff_client(client, back_office)
    response = c.get(reverse("fonds_money:grants", args=[fund_year.year]), {"wijk": wijk.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("fonds_money:grant", args=[books["a1"].pk]) in html
    assert reverse("fonds_money:grant", args=[books["b1"].pk]) not in html
    page = c.get(reverse("fonds_money:grant", args=[books["a1"].pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bakkerij De Linde" in text and "€\xa0980,00" in text and "None" not in text
    assert "FW-R-" in text  # the reclaims' references


def test_bad_parameters_never_break_the_pages(client, books, coordinator, fund_year):
    c = staff_client(client, coordinator)
    for query in (
        {"jaar": "x"},
        {"jaar": "99999999999999999999999"},
        {"jaar": "1\x00"},
        {"jaar": "3000"},
        {"jaar": "2099"},
    ):
        assert c.get(reverse("fonds_money:overview"), query).status_code == 200
    grants = reverse("fonds_money:grants", args=[fund_year.year])
    assert c.get(grants, {"wijk": "abc"}).status_code == 404
    assert c.get(grants, {"wijk": "999999"}).status_code == 404
    assert c.get(reverse("fonds_money:grants", args=[1999])).status_code == 404
    assert (
        c.get(reverse("fonds_money:overview_export", args=[fund_year.year, "pdf"])).status_code
        == 404
    )
    assert c.get(reverse("fonds_money:grant", args=[987654])).status_code == 404


def test_who_may_see_the_money(client, books, fund_year, wijk):
    urls = [
        reverse("fonds_money:overview"),
        reverse("fonds_money:grants", args=[fund_year.year]),
        reverse("fonds_money:grant", args=[books["a1"].pk]),
        reverse("fonds_money:overview_export", args=[fund_year.year, "csv"]),
        reverse("fonds_money:grants_export", args=[fund_year.year, "xlsx"]),
    ]
    for role, expected in [
        ("coordinator", 200),
        ("ondersteuner-sociaal-beheer", 200),
        ("leefbaarheidsmedewerker", 302),
        ("sociaal-beheerder", 302),
        ("redacteur", 302),
    ]:
        c = staff_client(client.__class__(), UserFactory(role=role))
        for url in urls:
            response = c.get(url)
            if expected == 200:
                assert response.status_code == 200, (role, url)
            else:  # Wagtail's answer to PermissionDenied: back to the dashboard, with a message
                assert response.status_code == 302, (role, url)
                assert response["Location"] == reverse("wagtailadmin_home"), (role, url)
    resident = client.__class__()
    resident.force_login(books["a1"].applicant)
    anonymous = client.__class__()
    for c in (resident, anonymous):
        for url in urls:
            response = c.get(url)
            assert response.status_code == 302 and "/login" in response["Location"], url
    # A coördinator without a second factor is sent to set one up first.
    bare = client.__class__()
    bare.force_login(UserFactory(role="coordinator", two_factor=False))
    for url in urls:
        response = bare.get(url)
        assert response.status_code == 302 and "totp" in response["Location"], url


def test_a_role_limited_to_its_werkgebied_sees_only_its_wijken(
    client, books, fund_year, wijk, other_wijk
):
    person = UserFactory(role="wijkbeheerder")
    person.werkgebied.add(other_wijk)
    person.user_permissions.add(
        Permission.objects.get(codename="view_ledgerentry", content_type__app_label="fonds")
    )
    c = staff_client(client, person)
    html = c.get(reverse("fonds_money:overview")).content.decode()
    assert f'data-wijk="{other_wijk.pk}"' in html and f'data-wijk="{wijk.pk}"' not in html
    assert c.get(reverse("fonds_money:grant", args=[books["a1"].pk])).status_code == 404
    assert c.get(reverse("fonds_money:grant", args=[books["b1"].pk])).status_code == 200
    grants = reverse("fonds_money:grants", args=[fund_year.year])
    assert c.get(grants, {"wijk": wijk.pk}).status_code == 404
    rows = _csv(c.get(reverse("fonds_money:grants_export", args=[fund_year.year, "csv"])))
    assert [row[0] for row in rows[1:-1]] == [books["b1"].reference]


def test_the_menu_shows_the_overview_only_to_those_who_may_read_it(client, coordinator, reviewer):
    url = reverse("fonds_money:overview")
    home = reverse("wagtailadmin_home")
    assert url in staff_client(client, coordinator).get(home).content.decode()
    other = staff_client(client.__class__(), reviewer)
    assert url not in other.get(home).content.decode()


# --- exports ----------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())  # the BOM Dutch Excel needs for UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_wijk_table_as_csv_reads_back(client, books, coordinator, wijk, fund_year):
    response = staff_client(client, coordinator).get(
        reverse("fonds_money:overview_export", args=[fund_year.year, "csv"])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert f"geldoverzicht-{fund_year.year}-per-wijk.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["Wijk", "Budget", "Vastgelegd", "Uitbetaald"]
    row = next(r for r in rows if r[0] == wijk.name)
    assert row == [
        "Wijk" if False else wijk.name,
        "4000,00",
        "980,00",
        "600,00",
        "380,00",
        "500,00",
        "300,00",
        "100,00",
        "700,00",
        "80,00",
        "80,00",
        "3020,00",
        "2",
    ]
    total = rows[-1]
    assert total[0] == f"Totaal {fund_year.year}"
    assert total[1:4] == ["10000,00", "2980,00", "2000,00"] and total[11] == "7020,00"
    shared = next(r for r in rows if r[0] == books["empty"].name)
    assert shared[1] == "" and shared[11] == "4000,00"


def test_the_grants_list_as_xlsx_has_numbers_and_dates(client, books, coordinator, fund_year):
    books["a1"].title = '=HYPERLINK("http://evil")'
    books["a1"].save(update_fields=["title"])
    response = staff_client(client, coordinator).get(
        reverse("fonds_money:grants_export", args=[fund_year.year, "xlsx"])
    )
    assert response.status_code == 200
    assert f"toekenningen-{fund_year.year}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    assert headings[:5] == ["Kenmerk", "Activiteit", "Wijk", "Status", "Toegekend"]
    a1 = next(r for r in rows if r[0].value == books["a1"].reference)
    granted, committed = a1[4], a1[5]
    assert granted.data_type == "n" and Decimal(str(granted.value)) == D("1000")
    assert "€" in granted.number_format
    assert Decimal(str(committed.value)) == D("980")
    assert a1[1].data_type == "s" and a1[1].value.startswith("'=")  # text, never a formula
    assert a1[14].value == 1 and a1[15].value == 2
    assert a1[16].is_date and a1[16].value.date() == dt.date(2026, 3, 4)
    total = rows[-1]
    assert total[0].value == "Totaal" and Decimal(str(total[4].value)) == D("3500")


def test_the_grants_csv_of_one_wijk_and_the_wijk_table_as_xlsx(
    client, books, coordinator, wijk, fund_year
):
    c = staff_client(client, coordinator)
    rows = _csv(
        c.get(reverse("fonds_money:grants_export", args=[fund_year.year, "csv"]), {"wijk": wijk.pk})
    )
    assert sorted(r[0] for r in rows[1:-1]) == sorted(
        [books["a1"].reference, books["a2"].reference]
    )
    a1 = next(r for r in rows if r[0] == books["a1"].reference)
    assert a1[4:8] == ["1000,00", "980,00", "600,00", "380,00"] and a1[16] == "04-03-2026"
    sheet = load_workbook(
        io.BytesIO(
            c.get(reverse("fonds_money:overview_export", args=[fund_year.year, "xlsx"])).content
        )
    ).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    a = next(row for row in values if row[0] == wijk.name)
    assert [Decimal(str(v)) for v in a[1:4]] == [D("4000"), D("980"), D("600")]


# --- queries ----------------------------------------------------------------------------


def _queries(c, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert c.get(url, params).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_wijken_and_grants(
    client, books, coordinator, fund_year, make_application, wijk
):
    c = staff_client(client, coordinator)
    urls = [
        reverse("fonds_money:overview"),
        reverse("fonds_money:grants", args=[fund_year.year]),
        reverse("fonds_money:overview_export", args=[fund_year.year, "csv"]),
        reverse("fonds_money:grants_export", args=[fund_year.year, "xlsx"]),
    ]
    grant_url = reverse("fonds_money:grant", args=[books["a1"].pk])
    c.get(urls[0])  # the first admin page of a session reads what later ones keep
    before = [_queries(c, url) for url in urls] + [_queries(c, grant_url)]
    for n in range(6):
        other = WijkFactory()
        application = make_application(Status.TOEGEKEND, D("10.00"), wijk=other)
        book(application, K.COMMITTED, "10.00", fund_year=fund_year)
        book(application, K.PAID, "10.00", fund_year=fund_year)
        PayoutFactory(
            application=application,
            number=1,
            amount=D("10.00"),
            status=PayoutStatus.BETAALD,
            paid_on=dt.date(2026, 2, 1 + n),
        )
        DonationFactory(application=application)
        ReclaimFactory(application=application)
        PayoutFactory(application=books["a1"], number=10 + n, amount=D("1.00"))
        book(books["a1"], K.MATCHED, "1.00", fund_year=fund_year)
        DonationFactory(application=books["a1"])
    after = [_queries(c, url) for url in urls] + [_queries(c, grant_url)]
    assert after == before
    assert max(after) <= 25


def test_the_coordinators_panel_shows_the_year_and_links_to_the_overview(
    client, books, coordinator
):
    page = staff_client(client, coordinator).get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split('data-panel="coordinator"')[1].split("</section>")[0]
    for label, amount in [
        ("Budget", "€\xa010.000,00"),
        ("Vastgelegd", "€\xa02.980,00"),
        ("Uitbetaald", "€\xa02.000,00"),
        ("Beschikbaar", "€\xa07.020,00"),
    ]:
        assert f"<dt>{label}</dt><dd>{amount}</dd>" in panel, label
    assert reverse("fonds_money:overview") in panel


def test_the_overview_follows_the_real_payout_services(
    client, fund_year, make_application, coordinator, wijk
):
    """A grant decided, its advance prepared, approved, sent and returned by the bank, sent
    again and paid, then money asked back and received: the figures the services leave."""
    from django.utils import timezone

    from fonds import services
    from fonds.models import FundSettings, PaymentBatch

    FundSettings.objects.create(confirmation_threshold=D("100000"))
    back_office = UserFactory(role="ondersteuner-sociaal-beheer")
    reviewer = UserFactory(role="leefbaarheidsmedewerker")
    application = make_application(Status.IN_BEHANDELING, D("1000.00"), reviewer=reviewer)
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Goed plan"
    )
    advance = application.payouts.order_by("number").first()

    def send(payout):
        payout = services.payout_prepare(payout=payout, user=back_office)
        payout = services.payout_approve(payout=payout, user=coordinator)
        batch = PaymentBatch.objects.create(
            message_id=f"B-{payout.end_to_end_id}",
            created_by=back_office,
            execution_date=timezone.localdate(),
            debtor_iban="NL91ABNA0417164300",
            count=1,
            total=payout.amount,
            xml="<Document/>",
            sha256="0" * 64,
        )
        services.payouts_into_batch(payouts=[payout], batch=batch, user=back_office)
        payout.refresh_from_db()
        return payout

    advance = send(advance)
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=back_office)
    services.payout_failed(payout=advance, reason="Rekening bestaat niet", user=back_office)
    advance.refresh_from_db()
    advance = send(advance)
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=back_office)
    reclaim = services.reclaim_request(
        application=application, amount=D("100.00"), reason="Minder uitgegeven", user=coordinator
    )
    services.reclaim_received(reclaim=reclaim, received_on=timezone.localdate(), user=back_office)

    overview = money.year_overview(fund_year, Wijk.objects.all())
    line = _line(overview, wijk).money
    assert (line.committed, line.paid_out, line.open) == (D("900"), D("600"), D("300"))
    assert (line.returned, line.reclaim_asked, line.reclaimed) == (D("700"), D("100"), D("100"))
    assert overview.total.available == fund_year.budget - D("900")
    assert overview.grants == 1
    page = staff_client(client, coordinator).get(
        reverse("fonds_money:grant", args=[application.pk])
    )
    text = page.content.decode()
    assert str(back_office) in text and str(coordinator) in text  # who prepared, approved


def test_any_text_in_the_query_string_is_answered_without_an_error(
    client, books, coordinator, fund_year
):
    """The year and the wijk are read from the query string: whatever is typed there (odd
    characters, huge numbers, script), the pages answer 200 or 404, never a 500."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    c = staff_client(client, coordinator)
    grants = reverse("fonds_money:grants", args=[fund_year.year])
    export = reverse("fonds_money:grants_export", args=[fund_year.year, "csv"])
    odd = st.one_of(
        st.text(max_size=40),
        st.sampled_from(["\x00", "1e9", "NaN", "-1", "0", "٣", "<script>", "9" * 30, "1 OR 1=1"]),
    )

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(value=odd)
    def check(value):
        assert c.get(reverse("fonds_money:overview"), {"jaar": value}).status_code == 200
        assert c.get(grants, {"wijk": value}).status_code in (200, 404)
        assert c.get(export, {"wijk": value}).status_code in (200, 404)

    check()


def test_the_grant_page_shows_amsterdam_time(client, books, coordinator):
    moment = dt.datetime(2026, 3, 10, 23, 31, tzinfo=dt.UTC)  # 00:31 on 11 March in Amsterdam
    LedgerEntry.objects.filter(application=books["a1"]).update(created_at=moment)
    Reclaim.objects.filter(application=books["a1"]).update(created_at=moment)
    Donation.objects.filter(application=books["a1"]).update(paid_at=moment)
    page = staff_client(client, coordinator).get(
        reverse("fonds_money:grant", args=[books["a1"].pk])
    )
    text = page.content.decode()
    assert "11 maart 2026 00:31" in text and "23:31" not in text
