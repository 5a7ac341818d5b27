"""History of every part of an application (who and why), and the timeline built from it:
in full on the application page in the admin, and the part meant for the applicant on
Mijn aanvragen, in a bounded number of queries."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from fonds import services
from fonds.forms import BudgetLineFormSet, ContributionFormSet
from fonds.models import Application, BudgetLine, FundSettings, Status
from fonds.selectors import application_timeline

from .conftest import staff_client

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def lived(fund_year, make_application, applicant, reviewer, adviser, coordinator):
    """An application that went the whole way: acknowledged, a question answered, advice
    asked and given, a colleague stepped aside, a contact recorded, granted, reduced."""
    FundSettings.objects.create(confirmation_threshold=Decimal("100000"))
    application = make_application()
    # Wednesday 25 November 2026, 09:00 UTC = 10:00 in Amsterdam.
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        services.application_submit(application=application, user=applicant)
        traveller.shift(dt.timedelta(minutes=5))
        services.application_acknowledge(application=application, user=reviewer)
        services.application_start_review(application=application, user=reviewer)
        traveller.shift(dt.timedelta(minutes=5))
        services.application_ask_question(
            application=application, user=reviewer, text="Op welke datum is het?"
        )
        traveller.shift(dt.timedelta(minutes=5))
        services.application_answer(application=application, user=applicant, answer="Op 12 juni.")
        traveller.shift(dt.timedelta(minutes=5))
        services.application_ask_advice(application=application, user=reviewer)
        services.application_give_advice(
            application=application, user=adviser, verdict="positief", remarks="INTERN-ADVIES"
        )
        services.conflict_declare(application=application, user=coordinator, reason="INTERN-BUUR")
        services.contact_record(
            application=application, user=reviewer, channel="telefoon", summary="INTERN-GEBELD"
        )
        traveller.shift(dt.timedelta(minutes=5))
        services.application_decide(
            application=application, user=reviewer, outcome="toegekend", reason="Goed plan"
        )
        traveller.shift(dt.timedelta(minutes=5))
        services.application_reduce_grant(
            application=application, user=reviewer, amount=Decimal("400"), reason="INTERN-MINDER"
        )
    application.refresh_from_db()
    return application


def test_every_part_has_history_with_who_and_why(lived, applicant, reviewer, adviser):
    question = lived.questions.get()
    assert [(r.history_user, r.history_change_reason) for r in question.history.order_by("pk")] == [
        (reviewer, "Vraag gesteld"),
        (applicant, "Vraag beantwoord"),
    ]
    advice = lived.advices.get()
    assert advice.history.latest().history_user == adviser
    assert advice.history.earliest().history_user == reviewer
    conflict = lived.conflicts.get()
    assert conflict.history.get().history_change_reason == "INTERN-BUUR"


def test_budget_lines_and_other_money_keep_their_history(
    make_application, applicant, django_capture_on_commit_callbacks
):
    application = make_application()
    line = application.budget_lines.first()
    data = {
        "regels-TOTAL_FORMS": "2",
        "regels-INITIAL_FORMS": "2",
        "regels-0-id": line.pk,
        "regels-0-description": "Vlees en brood",
        "regels-0-amount": "510",
        "regels-1-id": application.budget_lines.last().pk,
        "regels-1-description": "Huur",
        "regels-1-amount": "50",
        "regels-1-DELETE": "on",
        "bijdragen-TOTAL_FORMS": "1",
        "bijdragen-INITIAL_FORMS": "1",
        "bijdragen-0-id": application.contributions.get().pk,
        "bijdragen-0-source": "eigen",
        "bijdragen-0-description": "Eigen",
        "bijdragen-0-amount": "60",
    }
    lines = BudgetLineFormSet(data, instance=application, prefix="regels")
    others = ContributionFormSet(data, instance=application, prefix="bijdragen")
    assert lines.is_valid() and others.is_valid(), (lines.errors, others.errors)
    services.application_save_draft(
        application=application, user=applicant, data={}, lines=lines, contributions=others
    )
    record = line.history.latest()
    assert record.history_user == applicant and record.description == "Vlees en brood"
    deleted = BudgetLine.history.filter(history_type="-").get()
    assert deleted.history_user == applicant and deleted.description == "Huur"
    assert application.contributions.get().history.latest().history_user == applicant


def test_the_admin_page_shows_the_whole_timeline(client, lived, reviewer, adviser, coordinator):
    third = coordinator.__class__.objects.create(email="derde@example.nl", first_name="Derde")
    from django.contrib.auth.models import Group

    third.groups.add(Group.objects.get(name="leefbaarheidsmedewerker"))
    c = staff_client(client, third)
    page = c.get(reverse("fonds_application:inspect", args=[lived.pk])).content.decode()
    timeline = page.split('id="tijdlijn"')[1]
    for text in [
        "25 november 2026 10:00",  # Amsterdam time, not UTC
        "Ingediend",
        "Ontvangen",
        "Vraag gesteld",
        "Op welke datum is het?",
        "Op 12 juni.",
        "Advies HWZ gevraagd",
        "Advies HWZ gegeven: Positief",
        "INTERN-ADVIES",
        "Teruggetrokken wegens belangenverstrengeling",
        "INTERN-BUUR",
        "Contact: Telefoon",
        "INTERN-GEBELD",
        "Toegekend",
        "Vastgelegd €\xa0500,00",
        "Vrijgevallen €\xa0100,00",
        "Deels toegekend",
        "INTERN-MINDER",
        "Brief: ",
        str(reviewer),
        str(adviser),
    ]:
        assert text in timeline, text
    # Oldest first.
    assert (
        timeline.index("Ingediend")
        < timeline.index("Vraag gesteld")
        < timeline.index("Vrijgevallen")
    )


def test_the_applicant_sees_their_part_without_staff_notes(client, lived, applicant):
    client.force_login(applicant)
    page = client.get(reverse("fonds:mine_detail", args=[lived.pk])).content.decode()
    timeline = page.split('id="verloop"')[1]
    for text in ["Ingediend", "Ontvangen", "Op welke datum is het?", "Op 12 juni.", "Brief: "]:
        assert text in timeline, text
    assert "Deels toegekend" in timeline and "woensdag 25 november 2026 om 10:00" in timeline
    for secret in ["INTERN-", "Vastgelegd", "Vrijgevallen", "Advies HWZ gegeven", "Teruggetrokken"]:
        assert secret not in page, secret


def test_the_timeline_takes_a_bounded_number_of_queries(
    lived, make_application, reviewer, django_assert_max_num_queries
):
    application = Application.objects.get(pk=lived.pk)
    # One more than before payouts: the history of the application's tranches.
    with django_assert_max_num_queries(8):
        staff = application_timeline(application)
    with django_assert_max_num_queries(4):
        mine = application_timeline(application, for_applicant=True)
    assert len(staff) > len(mine) > 5
    # Twice as many questions and contacts: the same number of queries.
    for n in range(5):
        services.contact_record(
            application=application, user=reviewer, channel="telefoon", summary=f"Gebeld {n}"
        )
    with django_assert_max_num_queries(8):
        assert len(application_timeline(application)) == len(staff) + 5


def test_a_lapsed_grant_is_in_the_timeline(lived, applicant, client):
    Application.objects.filter(pk=lived.pk).update(
        decided_at=lived.decided_at - dt.timedelta(days=800)
    )
    services.application_expire(application=lived)
    lived.refresh_from_db()
    assert lived.status == Status.VERVALLEN
    entries = application_timeline(lived)
    last_status = [e for e in entries if e.kind == "status"][-1]
    assert last_status.title == "Vervallen" and last_status.who is None
    assert last_status.text.startswith("Vervallen: niet uitbetaald")
    client.force_login(applicant)
    page = client.get(reverse("fonds:mine_detail", args=[lived.pk])).content.decode()
    assert "Toekenning vervallen" in page  # as the applicant reads it
