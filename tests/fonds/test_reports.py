"""The accountability report's moves (fonds.services.reports): opened once per grant with
its due date, a draft that keeps everything, a submission refused per missing field, the
reviewer's request for more in the applicant's channel, and who may make which move."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds import services
from fonds.models import AccountabilityReport, Application, FundSettings, Letter, ReportStatus
from portal.models import Notification
from tests.portal.factories import UserFactory

from .report_helpers import fill, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(fund_year, make_application, applicant, reviewer):
    return grant(make_application, applicant, reviewer)


def test_report_open_is_once_per_grant_with_the_due_date(granted):
    application, report = granted
    again = services.report_open(application=application)
    assert again.pk == report.pk
    assert AccountabilityReport.objects.filter(application=application).count() == 1
    weeks = FundSettings.load().report_weeks
    decided = timezone.localdate(application.decided_at)
    assert report.due_date == decided + dt.timedelta(weeks=weeks)
    assert report.status == ReportStatus.OPEN


def test_due_date_counts_from_the_activity_date(fund_year, make_application, applicant, reviewer):
    application, _report = grant(
        make_application, applicant, reviewer, activity_date=dt.date(2027, 3, 1)
    )
    assert _report.due_date == dt.date(2027, 3, 1) + dt.timedelta(weeks=8)


def test_no_report_for_an_application_without_grant(make_application):
    application = make_application(status="in_behandeling")
    with pytest.raises(ValidationError):
        services.report_open(application=application)
    assert not AccountabilityReport.objects.exists()


def test_draft_keeps_what_is_typed_and_replaces_extra_costs(granted, applicant):
    application, report = granted
    line = application.budget_lines.first()
    services.report_save_draft(
        report=report,
        user=applicant,
        data={"what_happened": "Half af", "participants": None},
        costs=[(line, line.description, Decimal("12.50")), (None, "Koffie", Decimal("7"))],
    )
    services.report_save_draft(
        report=report,
        user=applicant,
        data={"participants": 12},
        costs=[(None, "Thee", Decimal("3"))],
    )
    report.refresh_from_db()
    assert report.what_happened == "Half af" and report.participants == 12
    costs = {c.description: c.amount for c in report.costs.all()}
    assert costs == {line.description: Decimal("12.50"), "Thee": Decimal("3.00")}
    # Leaving a line's amount empty takes it away again.
    services.report_save_draft(report=report, user=applicant, data={}, costs=[(line, "", None)])
    assert not report.costs.filter(budget_line=line).exists()
    assert report.history.first().history_user == applicant


def test_submission_names_every_missing_part(granted, applicant):
    application, report = granted
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, user=applicant)
    errors = excinfo.value.message_dict
    lines = {f"line_{pk}" for pk in application.budget_lines.values_list("pk", flat=True)}
    assert {"what_happened", "participants", *lines} <= set(errors)
    assert "receipts" not in errors  # nothing spent yet
    fill(report, applicant, receipt=False)
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, user=applicant)
    assert set(excinfo.value.message_dict) == {"receipts"}
    assert "bon" in excinfo.value.message_dict["receipts"][0]
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_no_receipt_needed_when_nothing_was_spent(granted, applicant):
    application, report = granted
    spent = {line.description: Decimal("0") for line in application.budget_lines.all()}
    fill(report, applicant, spent=spent, receipt=False)
    services.report_submit(report=report, user=applicant)
    report.refresh_from_db()
    assert report.status == ReportStatus.INGEDIEND


def test_submit_tells_the_reviewer_and_is_once(granted, applicant, reviewer):
    application, report = granted
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    services.report_submit(report=report, user=applicant)  # a double click
    report.refresh_from_db()
    assert report.status == ReportStatus.INGEDIEND and report.submitted_by == applicant
    assert report.history.filter(status=ReportStatus.INGEDIEND).count() == 1
    assert Notification.objects.filter(recipient=reviewer, event="fund_report_review").count() == 1
    reasons = list(application.history.values_list("history_change_reason", flat=True))
    assert "Verantwoording ingediend" in reasons


def test_ask_more_reaches_the_applicant_and_reopens_the_form(granted, applicant, reviewer):
    application, report = granted
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    with pytest.raises(ValidationError):
        services.report_ask_more(report=report, user=reviewer, text="  ")
    services.report_ask_more(report=report, user=reviewer, text="De bon van de huur ontbreekt.")
    report.refresh_from_db()
    assert report.status == ReportStatus.AANVULLEN
    assert report.review_note == "De bon van de huur ontbreekt." and report.reviewed_by == reviewer
    notice = Notification.objects.filter(recipient=applicant, title__contains="niet compleet")
    assert notice.count() == 1 and "bon van de huur" in notice.get().body
    # The applicant can change and submit again.
    services.report_save_draft(report=report, user=applicant, data={"participants": 41}, costs=[])
    services.report_submit(report=report, user=applicant)
    report.refresh_from_db()
    assert report.status == ReportStatus.INGEDIEND and report.participants == 41


def test_ask_more_for_a_tenant_by_post_leaves_a_letter(
    fund_year, make_application, reviewer, applicant
):
    application, report = grant(make_application, applicant, reviewer)
    Application.objects.filter(pk=application.pk).update(contact_channel="brief")
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    letters_before = Letter.objects.filter(application=application).count()
    services.report_ask_more(report=report, user=reviewer, text="Stuur de bon van de huur mee.")
    letter = Letter.objects.filter(application=application).order_by("-pk").first()
    assert Letter.objects.filter(application=application).count() == letters_before + 1
    assert "bon van de huur" in letter.body


@pytest.mark.parametrize(
    "who, move, allowed",
    [
        ("applicant", "save", True),
        ("applicant", "submit", True),
        ("applicant", "ask_more", False),
        ("applicant", "approve", False),
        ("reviewer", "save", False),
        ("reviewer", "submit", False),
        ("reviewer", "ask_more", True),
        ("other_resident", "save", False),
        ("other_resident", "submit", False),
        ("other_resident", "ask_more", False),
        ("reviewer_elsewhere", "ask_more", False),
        ("hwz", "ask_more", False),
        ("coordinator", "ask_more", True),  # coordinators review too
    ],
)
def test_who_may_make_which_move(
    granted, applicant, reviewer, adviser, coordinator, other_wijk, who, move, allowed
):
    application, report = granted
    elsewhere = UserFactory(role="wijkbeheerder")
    elsewhere.werkgebied.add(other_wijk)
    people = {
        "applicant": applicant,
        "reviewer": reviewer,
        "other_resident": UserFactory(role="huurder"),
        "reviewer_elsewhere": elsewhere,
        "hwz": adviser,
        "coordinator": coordinator,
    }
    user = people[who]
    fill(report, applicant)
    if move in ("ask_more", "approve"):
        services.report_submit(report=report, user=applicant)
    calls = {
        "save": lambda: services.report_save_draft(
            report=report, user=user, data={"participants": 3}, costs=[]
        ),
        "submit": lambda: services.report_submit(report=report, user=user),
        "ask_more": lambda: services.report_ask_more(report=report, user=user, text="Meer graag."),
        "approve": lambda: services.report_approve(report=report, user=user),
    }
    before = AccountabilityReport.objects.get(pk=report.pk).status
    if allowed:
        calls[move]()
    else:
        with pytest.raises(PermissionDenied):
            calls[move]()
        assert AccountabilityReport.objects.get(pk=report.pk).status == before


def test_the_reviewer_who_applied_may_not_review(fund_year, make_application, reviewer):
    """Staff never act on an application they are involved in, also on its report."""
    other = UserFactory(role="leefbaarheidsmedewerker")
    application, report = grant(
        lambda **kwargs: make_application(applicant=reviewer, **kwargs), reviewer, other
    )
    fill(report, reviewer)
    services.report_submit(report=report, user=reviewer)
    with pytest.raises(PermissionDenied):
        services.report_ask_more(report=report, user=reviewer, text="Zelf goedkeuren?")


def test_moves_on_a_closed_report_are_refused(granted, applicant, reviewer):
    application, report = granted
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    with pytest.raises(ValidationError):
        services.report_save_draft(report=report, user=applicant, data={}, costs=[])
    services.report_ask_more(report=report, user=reviewer, text="Meer.")
    with pytest.raises(ValidationError) as excinfo:
        services.report_ask_more(report=report, user=reviewer, text="Meer.")
    assert "al gebeurd" in excinfo.value.messages[0]
