"""The resident's accountability form and the staff review pages: who reaches which page
(also with another id in the URL), the form keeping everything on an error, the upload
checks, the section on the application's admin page, the list with its filters, the
dashboard panel, and the number of queries of each."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fonds import services
from fonds.models import AccountabilityReport, ReportFile, ReportStatus
from tests.portal.factories import UserFactory

from .conftest import staff_client
from .report_helpers import fill, grant, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(fund_year, make_application, applicant, reviewer):
    return grant(make_application, applicant, reviewer)


def _form_data(application, **overrides):
    data = {
        "what_happened": "Een gezellige middag.",
        "participants": "35",
        "extra_rows": "3",
    }
    for line in application.budget_lines.all():
        data[f"line_{line.pk}"] = "10,00"
    data.update(overrides)
    return data


def test_the_form_shows_the_planned_amount_as_a_hint_only(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    response = client.get(reverse("fonds:report", args=[application.pk]))
    assert response.status_code == 200
    line = application.budget_lines.first()
    field = response.context["form"][f"line_{line.pk}"]
    assert field.value() in (None, "")
    assert "placeholder" in str(field) and "Begroot" in response.content.decode()
    english = client.get("/en" + reverse("fonds:report", args=[application.pk]))
    assert english.status_code == 200


def test_save_then_submit_with_a_receipt(client, granted, applicant, reviewer):
    application, report = granted
    client.force_login(applicant)
    url = reverse("fonds:report", args=[application.pk])
    response = client.post(url, {**_form_data(application), "opslaan": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participants == 35 and report.costs.count() == 2
    response = client.post(
        url, {**_form_data(application), "receipts": [pdf()], "photos": [png()], "indienen": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("fonds:mine_detail", args=[application.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.INGEDIEND
    kinds = sorted(report.files.values_list("kind", flat=True))
    assert kinds == ["bon", "foto"]


def test_submit_without_receipt_keeps_everything_and_says_why(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    url = reverse("fonds:report", args=[application.pk])
    data = {**_form_data(application), "extra_0_description": "Koffie", "extra_0_amount": "4,50"}
    response = client.post(url, {**data, "indienen": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "bon of factuur" in body
    assert "Een gezellige middag." in body and "Koffie" in body
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.participants == 35
    assert report.costs.filter(budget_line=None, description="Koffie").exists()


def test_an_error_in_one_field_keeps_the_rest_and_the_files(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    line = application.budget_lines.first()
    url = reverse("fonds:report", args=[application.pk])
    data = {
        **_form_data(application),
        f"line_{line.pk}": "NaN",
        "participants": "veel",
        "receipts": [pdf()],
        "opslaan": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een gezellige middag." in body and "veel" in body and "NaN" in body
    report.refresh_from_db()
    assert report.what_happened == "Een gezellige middag."
    assert report.participants is None
    assert report.files.filter(kind="bon").count() == 1  # the upload is not lost
    assert not report.costs.filter(budget_line=line).exists()


@pytest.mark.parametrize(
    "upload, field, message",
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 50), "receipts", "geen PDF of foto"),
        (SimpleUploadedFile("bon.pdf", b"%PDF-1.4\n" + b"x" * 2048), "photos", "geen foto"),
    ],
)
def test_uploads_are_checked_by_content(client, granted, applicant, upload, field, message):
    application, report = granted
    client.force_login(applicant)
    url = reverse("fonds:report", args=[application.pk])
    response = client.post(url, {**_form_data(application), field: [upload], "opslaan": "1"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportFile.objects.exists()
    report.refresh_from_db()
    assert report.participants == 35  # the rest was kept


@override_settings(ATTACHMENT_MAX_UPLOAD_SIZE=1000)
def test_too_big_a_receipt_is_refused(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    big = SimpleUploadedFile("bon.pdf", b"%PDF-1.4\n" + b"x" * 5000)
    response = client.post(
        reverse("fonds:report", args=[application.pk]),
        {**_form_data(application), "receipts": [big], "opslaan": "1"},
    )
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not ReportFile.objects.exists()


def test_the_resident_says_it_did_not_happen(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    url = reverse("fonds:report_not_happened", args=[application.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_mine_shows_the_report_due_date_and_link(client, granted, applicant):
    application, report = granted
    client.force_login(applicant)
    body = client.get(reverse("fonds:mine")).content.decode()
    assert reverse("fonds:report", args=[application.pk]) in body
    detail = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert reverse("fonds:report", args=[application.pk]) in detail


# --- who reaches what -------------------------------------------------------------------

OK, LOGIN, NOT_FOUND, ADMIN_REFUSED = "ok", "login", "404", "admin-refused"


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location or "/admin/login/" in location:
            return LOGIN
        if location == "/admin/":
            return ADMIN_REFUSED
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.fixture
def people(applicant, adviser, reviewer, coordinator, other_wijk):
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    return {
        "anonymous": None,
        "applicant": applicant,
        "other_resident": UserFactory(role="huurder"),
        "hwz_of_wijk": adviser,
        "reviewer": reviewer,
        "wijkbeheerder_elsewhere": outsider,
        "coordinator": coordinator,
    }


RESIDENT = {"anonymous": LOGIN, "applicant": OK}
STAFF_FILE = {
    "anonymous": LOGIN,
    "applicant": LOGIN,
    "other_resident": LOGIN,
    "hwz_of_wijk": NOT_FOUND,  # in the admin, but receipts are not theirs to read
    "reviewer": OK,
    "wijkbeheerder_elsewhere": NOT_FOUND,
    "coordinator": OK,
}
STAFF_LIST = {**STAFF_FILE, "hwz_of_wijk": ADMIN_REFUSED, "wijkbeheerder_elsewhere": OK}


@pytest.mark.parametrize(
    "person",
    [
        "anonymous",
        "applicant",
        "other_resident",
        "hwz_of_wijk",
        "reviewer",
        "wijkbeheerder_elsewhere",
        "coordinator",
    ],
)
def test_who_reaches_which_report_page(client, people, granted, applicant, person):
    application, report = granted
    fill(report, applicant)
    receipt = report.files.get()
    pages = {
        "form": (reverse("fonds:report", args=[application.pk]), RESIDENT),
        "file": (reverse("fonds:report_file", args=[application.pk, receipt.pk]), RESIDENT),
        "admin_file": (reverse("fonds_report:file", args=[report.pk, receipt.pk]), STAFF_FILE),
        "admin_list": (reverse("fonds_report:index"), STAFF_LIST),
    }
    user = people[person]
    if user is not None:
        if user.groups.exclude(name="huurder").exists():
            staff_client(client, user)
        else:
            client.force_login(user)
    wrong = {}
    for name, (url, expected) in pages.items():
        got = outcome(client.get(url))
        if got != expected.get(person, NOT_FOUND):
            wrong[name] = got
    assert not wrong, f"{person}: {wrong}"


def test_another_residents_id_in_the_url_is_404(client, granted, make_application, applicant):
    application, report = granted
    fill(report, applicant)
    other = UserFactory(role="huurder")
    client.force_login(other)
    receipt = report.files.get()
    for url in (
        reverse("fonds:report", args=[application.pk]),
        reverse("fonds:report_file", args=[application.pk, receipt.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("fonds:report", args=[application.pk]), {}).status_code == 404
    response = client.post(
        reverse("fonds:report_not_happened", args=[application.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    # A file of another report through the applicant's own URL: 404 too.
    client.force_login(applicant)
    own_other = make_application()
    assert client.get(reverse("fonds:report", args=[own_other.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_staff_actions_from_another_wijk_are_404(client, granted, applicant, other_wijk):
    application, report = granted
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    staff_client(client, outsider)
    response = client.post(
        reverse("fonds_report:action", args=[report.pk, "ask_more"]), {"text": "x"}
    )
    assert response.status_code == 404
    assert AccountabilityReport.objects.get(pk=report.pk).status == ReportStatus.INGEDIEND


# --- the staff pages -------------------------------------------------------------------


def test_admin_section_shows_costs_against_the_budget_and_asks_more(
    client, granted, applicant, reviewer
):
    application, report = granted
    spent = {
        line.description: line.amount - Decimal("5") for line in application.budget_lines.all()
    }
    fill(report, applicant, spent=spent, photo=True)
    services.report_submit(report=report, user=applicant)
    staff_client(client, reviewer)
    page = client.get(reverse("fonds_application:inspect", args=[application.pk]))
    body = page.content.decode()
    assert 'id="verantwoording"' in body and "data-report-costs" in body
    assert "€\xa0-5,00" in body  # the difference per line
    assert reverse("fonds_report:file", args=[report.pk, report.files.first().pk]) in body
    assert 'data-report-action="approve"' in body and 'data-report-action="ask_more"' in body
    response = client.post(
        reverse("fonds_report:action", args=[report.pk, "ask_more"]),
        {"text": "Graag ook de bon van de huur."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.AANVULLEN


@override_settings(FUND_SUBMISSIONS_PER_DAY=100, FUND_MAX_OPEN_CONCEPTS=100)
def test_list_filters_and_queries(
    client, fund_year, make_application, applicant, reviewer, django_assert_max_num_queries
):
    reports = []
    for _n in range(4):
        application, report = grant(make_application, applicant, reviewer)
        reports.append(report)
    AccountabilityReport.objects.filter(pk=reports[0].pk).update(due_date=dt.date(2020, 1, 1))
    fill(reports[1], applicant)
    services.report_submit(report=reports[1], user=applicant)
    staff_client(client, reviewer)
    url = reverse("fonds_report:index")
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    late = client.get(url + "?overdue=true").content.decode()
    assert reports[0].application.reference in late
    assert reports[2].application.reference not in late
    review = client.get(url + "?status=ingediend").content.decode()
    assert reports[1].application.reference in review
    assert reports[0].application.reference not in review
    for odd in ("?status=%00", "?overdue=NaN", "?wijk=99999999999999999999999"):
        assert client.get(url + odd).status_code in (200, 400)
    for _n in range(4):
        grant(make_application, applicant, reviewer)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_inspect_page_queries_do_not_grow_with_the_report(
    client, granted, applicant, reviewer, django_assert_max_num_queries
):
    application, report = granted
    staff_client(client, reviewer)
    url = reverse("fonds_application:inspect", args=[application.pk])
    client.get(url)
    with django_assert_max_num_queries(100) as before:
        client.get(url)
    before = len(before.captured_queries)  # read now: the next request clears the log
    fill(report, applicant, photo=True)
    services.report_save_draft(
        report=report,
        user=applicant,
        data={},
        costs=[(None, f"Extra {n}", Decimal("1")) for n in range(6)],
    )
    client.get(url)  # the change renews the page's kept facts (fonds.signals)
    with django_assert_max_num_queries(before + 3):
        client.get(url)


def test_resident_form_queries(client, granted, applicant, django_assert_max_num_queries):
    application, report = granted
    fill(report, applicant, photo=True)
    client.force_login(applicant)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("fonds:report", args=[application.pk])).status_code == 200


@override_settings(FUND_SUBMISSIONS_PER_DAY=100)
def test_dashboard_panel_for_reviewers(client, fund_year, make_application, applicant, reviewer):
    late_app, late = grant(make_application, applicant, reviewer)
    AccountabilityReport.objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 1))
    waiting_app, waiting = grant(make_application, applicant, reviewer)
    fill(waiting, applicant)
    services.report_submit(report=waiting, user=applicant)
    staff_client(client, reviewer)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-panel="reports"' in body
    assert late_app.reference in body and waiting_app.reference in body
    assert "te beoordelen" in body and "te laat" in body


def test_demo_has_reports_along_their_way(demo):
    statuses = sorted(AccountabilityReport.objects.values_list("status", flat=True))
    assert ReportStatus.OPEN in statuses
    assert ReportStatus.INGEDIEND in statuses
    assert ReportStatus.GOEDGEKEURD in statuses
    approved = AccountabilityReport.objects.get(status=ReportStatus.GOEDGEKEURD)
    assert approved.files.filter(kind="bon").exists() and approved.reviewed_by is not None
