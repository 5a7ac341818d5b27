"""The application's state machine, four eyes, and the response terms with a pause."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from fonds import services
from fonds.models import Application, FundSettings, LedgerEntry, Status
from fonds.selectors import budget_position
from portal.models import Notification

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _to_review(application, reviewer):
    services.application_acknowledge(application=application, user=reviewer)
    return services.application_start_review(application=application, user=reviewer)


def test_whole_way_to_a_grant_below_the_threshold(fund_year, make_application, applicant, reviewer):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    application.refresh_from_db()
    assert application.status == Status.INGEDIEND and application.reference.startswith("LF-")
    _to_review(application, reviewer)
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Past goed."
    )
    application.refresh_from_db()
    assert application.status == Status.TOEGEKEND
    assert application.granted_amount == Decimal("500.00")
    assert application.answered_in_time is True and application.acknowledged_in_time is True
    assert budget_position(fund_year).committed == Decimal("500.00")
    # Submitted, received, in review, granted.
    assert Notification.objects.filter(recipient=applicant, event="fund_application").count() == 4


def test_double_submit_does_nothing_the_second_time(fund_year, make_application, applicant):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    first = Application.objects.get(pk=application.pk)
    services.application_submit(application=application, user=applicant)
    again = Application.objects.get(pk=application.pk)
    assert again.reference == first.reference and again.submitted_at == first.submitted_at
    assert again.history.filter(status=Status.INGEDIEND).count() == 1


def test_submission_with_missing_parts_names_each(db, make_application, applicant):
    application = make_application(iban="NL00BANK0123456789", declaration=False, description="")
    application.budget_lines.update(amount=Decimal("1"))
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(application=application, user=applicant)
    errors = excinfo.value.message_dict
    assert set(errors) >= {"iban", "declaration", "description", "budget_lines"}
    assert "IBAN klopt niet" in errors["iban"][0]
    assert "er blijft dus niets over" in errors["budget_lines"][0]
    application.refresh_from_db()
    assert application.status == Status.CONCEPT and application.reference is None


def test_four_eyes_above_the_threshold(
    fund_year, make_application, applicant, reviewer, coordinator, second_coordinator
):
    FundSettings.objects.create(confirmation_threshold=Decimal("400"))
    application = make_application(amount=Decimal("800"))
    services.application_submit(application=application, user=applicant)
    _to_review(application, reviewer)
    with pytest.raises(ValidationError, match="tweede persoon"):
        services.application_decide(application=application, user=reviewer, outcome="toegekend")
    services.application_propose(
        application=application, user=coordinator, outcome="deels_toegekend",
        amount=Decimal("600"), conditions="Bonnetjes bewaren.", reason="Huur valt af.",
    )  # fmt: skip
    # Never the same person.
    with pytest.raises(PermissionDenied, match="Vier ogen"):
        services.application_confirm(application=application, user=coordinator)
    assert not LedgerEntry.objects.exists()
    services.application_confirm(application=application, user=second_coordinator)
    application.refresh_from_db()
    assert application.status == Status.DEELS_TOEGEKEND
    assert application.granted_amount == Decimal("600")
    assert application.proposed_by == coordinator and application.confirmed_by == second_coordinator
    assert budget_position(fund_year).committed == Decimal("600")


def test_confirmation_that_would_overspend_changes_nothing(
    fund_year, make_application, applicant, reviewer, coordinator, second_coordinator
):
    fund_year.budget = Decimal("700")
    fund_year.save()
    application = make_application(amount=Decimal("800"))
    services.application_submit(application=application, user=applicant)
    _to_review(application, reviewer)
    services.application_propose(
        application=application, user=coordinator, outcome="toegekend", reason="Goed plan"
    )
    with pytest.raises(ValidationError, match="niet toereikend"):
        services.application_confirm(application=application, user=second_coordinator)
    application.refresh_from_db()
    assert application.status == Status.BESLUIT_VOORGESTELD
    assert application.confirmed_by is None and not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("move", "status", "who"),
    [
        ("acknowledge", Status.CONCEPT, "reviewer"),
        ("acknowledge", Status.INGEDIEND, "applicant"),
        ("start_review", Status.INGEDIEND, "reviewer"),
        ("ask_advice", Status.ONTVANGEN, "reviewer"),
        ("decide", Status.BESLUIT_VOORGESTELD, "reviewer"),
        ("confirm", Status.IN_BEHANDELING, "coordinator"),
        ("withdraw", Status.AFGEWEZEN, "applicant"),  # after a grant it may (test_ledger_shares)
        ("withdraw", Status.INGEDIEND, "reviewer"),
        ("give_advice", Status.ADVIES_HWZ, "other_adviser"),
    ],
)
def test_forbidden_moves_are_refused(request, make_application, move, status, who):
    application = make_application(status=status)
    user = request.getfixturevalue(who)
    extra = {
        "decide": {"outcome": "afgewezen", "reason": "x"},
        "give_advice": {"verdict": "positief"},
    }
    service = getattr(services, f"application_{move}")
    with pytest.raises(PermissionDenied):
        service(application=application, user=user, **extra.get(move, {}))
    application.refresh_from_db()
    assert application.status == status


def test_hwz_advice_round_trip(fund_year, make_application, applicant, reviewer, adviser):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    _to_review(application, reviewer)
    services.application_ask_advice(application=application, user=reviewer)
    assert Notification.objects.filter(recipient=adviser, event="fund_advice").exists()
    services.application_give_advice(
        application=application, user=adviser, verdict="positief", remarks="Goed voor de straat"
    )
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING
    advice = application.advices.get()
    assert advice.adviser == adviser and advice.verdict == "positief"
    told = Notification.objects.get(recipient=reviewer, event="fund_review_update")
    assert "positief" in told.title and told.body == "Goed voor de straat"


def test_conflict_of_interest_excludes(fund_year, make_application, applicant, reviewer):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    _to_review(application, reviewer)
    services.conflict_declare(application=application, user=reviewer, reason="Mijn eigen straat")
    application.refresh_from_db()
    assert application.reviewer is None
    with pytest.raises(PermissionDenied, match=r"betrokken bij deze aanvraag \(Mijn eigen straat"):
        services.application_decide(
            application=application, user=reviewer, outcome="afgewezen", reason="x"
        )
    with pytest.raises(ValidationError):
        services.conflict_declare(application=application, user=reviewer, reason="Nogmaals")


def test_terms_across_a_holiday_and_a_pause(fund_year, make_application, applicant, reviewer):
    """Submitted Wednesday 22 April 2026 at 10:00. King's Day (Monday 27 April) is not a
    working day: acknowledgement by Friday 24 April, target Thursday 30 April, final
    answer Thursday 7 May. A question stands open from Monday 4 May until it is answered
    on Tuesday 5 May (Liberation Day 2026 is no holiday for us: not a lustrum year):
    the clock stood still 1 working day, so both answer terms move one working day."""
    application = make_application()
    with time_machine.travel(dt.datetime(2026, 4, 22, 10, 0, tzinfo=AMS), tick=False):
        services.application_submit(application=application, user=applicant)
    application.refresh_from_db()
    local = lambda moment: moment.astimezone(AMS).date()  # noqa: E731
    assert local(application.acknowledge_due) == dt.date(2026, 4, 24)
    assert local(application.target_due) == dt.date(2026, 4, 30)
    assert local(application.answer_due) == dt.date(2026, 5, 7)
    with time_machine.travel(dt.datetime(2026, 4, 23, 9, 0, tzinfo=AMS), tick=False):
        _to_review(application, reviewer)
    with time_machine.travel(dt.datetime(2026, 5, 4, 11, 0, tzinfo=AMS), tick=False):
        services.application_ask_question(
            application=application, user=reviewer, text="Wie komen er?"
        )
    application.refresh_from_db()
    assert application.is_paused
    with time_machine.travel(dt.datetime(2026, 5, 5, 15, 0, tzinfo=AMS), tick=False):
        services.application_answer(application=application, user=applicant, answer="Dertig buren.")
    application.refresh_from_db()
    assert not application.is_paused and application.paused_working_days == 1
    assert local(application.target_due) == dt.date(2026, 5, 1)
    assert local(application.answer_due) == dt.date(2026, 5, 8)
    assert application.questions.get().answer == "Dertig buren."
