"""The back office's bank pages in the admin: who reaches them, making a payment file and
downloading it (the same bytes every time), reading a statement and its result page, and
bad files answered in Dutch on the form, never with a server error."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models import BankStatement, PaymentBatch, Payout, PayoutStatus
from portal.roles import ROLES
from tests.fonds.camt import Statement
from tests.fonds.payout_helpers import granted
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

OWN = "NL02ABNA0123456789"
ALLOWED = {"ondersteuner-sociaal-beheer", "coordinator"}


@pytest.fixture
def backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def approved(fund_year, make_application, coordinator, backoffice):
    def make(count=2):
        result = []
        for _ in range(count):
            application = granted(make_application, coordinator)
            services.payout_plan_create(application=application, user=coordinator)
            advance = application.payouts.order_by("number").first()
            advance = services.payout_prepare(payout=advance, user=backoffice)
            result.append(services.payout_approve(payout=advance, user=coordinator))
        return result

    return make


def token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)


@pytest.fixture
def bank_pages(approved, backoffice):
    (payout,) = approved(1)
    batch = services.batch_export(user=backoffice)
    payout.refresh_from_db()
    statement = services.statement_import(
        uploaded_file=SimpleUploadedFile("a.xml", Statement(OWN).paid(payout).xml()),
        user=backoffice,
    )
    return {
        "batches": reverse("fonds_batches:index"),
        "batch_create": reverse("fonds_batches:create"),
        "batch": reverse("fonds_batches:detail", args=[batch.pk]),
        "batch_file": reverse("fonds_batches:download", args=[batch.pk]),
        "statements": reverse("fonds_statements:index"),
        "statement_upload": reverse("fonds_statements:upload"),
        "statement": reverse("fonds_statements:detail", args=[statement.pk]),
    }


def outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location == "/admin/":
            return "refused"
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_every_bank_page_per_role(client, bank_pages, role):
    if role != "anonymous":
        user = UserFactory(role=role)
        if role == "huurder":
            client.force_login(user)
        else:
            staff_client(client, user)
    if role in ALLOWED:
        expected = "ok"
    elif role in ("anonymous", "huurder"):
        expected = "login"
    else:
        expected = "refused"
    found = {name: outcome(client.get(url)) for name, url in bank_pages.items()}
    assert found == dict.fromkeys(bank_pages, expected)
    if expected != "ok":
        client.post(bank_pages["batch_create"], {"execution_date": "2026-12-01"})
        assert PaymentBatch.objects.count() == 1


def test_a_wrong_id_in_the_url_is_not_found(client, bank_pages, backoffice):
    staff_client(client, backoffice)
    for name in ("batch", "batch_file", "statement"):
        url = re.sub(r"/\d+/", "/999999/", bank_pages[name])
        assert client.get(url).status_code == 404


def test_make_a_payment_file_and_download_it(client, approved, backoffice):
    approved(2)
    staff_client(client, backoffice)
    page = client.get(reverse("fonds_batches:create")).content.decode()
    assert "2 goedgekeurde uitbetalingen" in page and "1.400,00" in page
    url = reverse("fonds_batches:create")
    day = timezone.localdate().isoformat()
    response = client.post(url, {"execution_date": day, "submission_token": token(client, url)})
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fonds_batches:detail", args=[batch.pk])
    detail = client.get(response["Location"]).content.decode()
    assert batch.message_id in detail and "€\u00a01.400,00" in detail
    first = client.get(reverse("fonds_batches:download", args=[batch.pk]))
    second = client.get(reverse("fonds_batches:download", args=[batch.pk]))
    assert first["Content-Disposition"] == f'attachment; filename="{batch.message_id}.xml"'
    assert first.content == second.content == batch.xml.encode()
    assert set(batch.payouts.values_list("status", flat=True)) == {PayoutStatus.IN_BATCH}


def test_a_double_click_makes_one_file_and_nothing_left_is_said_in_dutch(
    client, approved, backoffice
):
    approved(1)
    staff_client(client, backoffice)
    url = reverse("fonds_batches:create")
    data = {
        "execution_date": timezone.localdate().isoformat(),
        "submission_token": token(client, url),
    }
    client.post(url, data)
    client.post(url, data)
    assert PaymentBatch.objects.count() == 1
    again = client.post(url, {**data, "submission_token": token(client, url)})
    assert again.status_code == 400
    assert "geen goedgekeurde uitbetalingen" in again.content.decode()


@pytest.mark.parametrize(
    "value, words",
    [
        ("2020-01-01", "verleden"),
        ("2099-01-01", "te ver vooruit"),
        ("morgen", "geldige datum"),
        ("2026-02-31", "geldige datum"),
        ("\x00", "geldige datum"),
        ("", "verplicht"),
    ],
)
def test_a_bad_execution_date_is_refused_on_the_form(client, approved, backoffice, value, words):
    approved(1)
    staff_client(client, backoffice)
    url = reverse("fonds_batches:create")
    response = client.post(url, {"execution_date": value, "submission_token": token(client, url)})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_read_a_statement_and_see_what_it_matched(
    client, approved, backoffice, django_assert_max_num_queries
):
    first, second = approved(2)
    services.batch_export(user=backoffice)
    first, second = (Payout.objects.get(pk=p.pk) for p in (first, second))
    data = (
        Statement(OWN, statement_id="AFS-9")
        .paid(first)
        .paid(second)
        .returned(second, reason="MD07")
        .received("12.34", remittance="Iets onbekends", name="Buurman")
        .xml()
    )
    staff_client(client, backoffice)
    url = reverse("fonds_statements:upload")
    response = client.post(
        url,
        {"file": SimpleUploadedFile("dag.xml", data), "submission_token": token(client, url)},
    )
    statement = BankStatement.objects.get()
    assert response["Location"] == reverse("fonds_statements:detail", args=[statement.pk])
    with django_assert_max_num_queries(25):
        page = client.get(response["Location"]).content.decode()
    assert first.application.reference in page
    assert "rekeninghouder overleden (MD07)" in page
    assert "Iets onbekends" in page and "Buurman" in page and "€\u00a012,34" in page
    with django_assert_max_num_queries(20):
        listing = client.get(reverse("fonds_statements:index")).content.decode()
    assert "AFS-9" in listing


def test_list_pages_cost_the_same_queries_with_more_files(
    client, approved, backoffice, django_assert_max_num_queries
):
    for _ in range(3):
        approved(1)
        services.batch_export(user=backoffice)
    staff_client(client, backoffice)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("fonds_batches:index")).status_code == 200
    batch = PaymentBatch.objects.first()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("fonds_batches:detail", args=[batch.pk])).status_code == 200


BAD_UPLOADS = [
    (b"", "leeg"),
    (b"\x00\x01\x02 binary", "ongeldige tekens"),
    (b"<html>geen afschrift</html>", "camt.053"),
    (b"not xml at all <<<", "geen geldig XML"),
]


@pytest.mark.parametrize("data, words", BAD_UPLOADS)
def test_a_bad_statement_file_is_refused_on_the_form(client, backoffice, data, words):
    staff_client(client, backoffice)
    url = reverse("fonds_statements:upload")
    response = client.post(
        url, {"file": SimpleUploadedFile("x.xml", data), "submission_token": token(client, url)}
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not BankStatement.objects.exists()


def test_no_file_chosen_is_refused_on_the_form(client, backoffice):
    staff_client(client, backoffice)
    url = reverse("fonds_statements:upload")
    response = client.post(url, {"submission_token": token(client, url)})
    assert response.status_code == 400
    assert "Kies het bestand" in response.content.decode()


def test_the_same_statement_twice_is_refused_on_the_form_naming_the_first(
    client, approved, backoffice
):
    (payout,) = approved(1)
    services.batch_export(user=backoffice)
    payout.refresh_from_db()
    data = Statement(OWN).paid(payout).xml()
    staff_client(client, backoffice)
    url = reverse("fonds_statements:upload")
    client.post(
        url,
        {"file": SimpleUploadedFile("eerste.xml", data), "submission_token": token(client, url)},
    )
    response = client.post(
        url,
        {"file": SimpleUploadedFile("tweede.xml", data), "submission_token": token(client, url)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "al ingelezen op" in page and "eerste.xml" in page
    assert BankStatement.objects.count() == 1
