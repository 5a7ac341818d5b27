"""What the two pages of one application read (issue 11): the applicant's page in Mijn
aanvragen reads only the columns it shows, its questions with only the asker's name and
its letters without their body, and writes its timeline out in Python; the staff's page
reads the report's two people only when there is a report, and the conflicts' people
only when who stepped aside is rendered. Each still shows everything, to its own reader
only, and a change shows on the next request."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models import FundSettings, ReportStatus, Status
from tests.fonds.conftest import staff_client
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reads(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _application_reads(sqls) -> list[str]:
    """The queries that read the application's own row (not its history or parts)."""
    return [sql for sql in sqls if 'FROM "fonds_application"' in sql]


@pytest.fixture
def asked(make_application, reviewer):
    """An application in review with a question (with a script in it) asked by the
    reviewer and answered, and a letter."""
    application = make_application(Status.ONTVANGEN, reviewer=reviewer)
    services.application_start_review(application=application, user=reviewer, reviewer=reviewer)
    services.application_ask_question(
        application=application, user=reviewer, text="Wie <script>alert(1)</script> helpt?"
    )
    services.application_answer(application=application, user=application.applicant, answer="Ik.")
    services.letter_send(application=application, kind="ontvangst", user=reviewer)
    application.refresh_from_db()
    return application


def test_the_applicants_page_reads_its_application_once_and_shows_every_step(
    client, asked, applicant, reviewer
):
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[asked.pk])
    client.get(url)
    page, sqls = _reads(client, url)
    assert len(_application_reads(sqls)) == 1, _application_reads(sqls)
    # no letter's body, no one who made a letter, no asker beyond their name
    assert not any('"fonds_letter"."body"' in sql for sql in sqls)
    assert not any('"portal_user"."password"' in sql and "fonds_question" in sql for sql in sqls)
    timeline = page.split("data-resident-timeline")[1].split("</section>")[0]
    assert f"Vraag van {reviewer.get_full_name()}" in timeline
    letter = asked.letters.order_by("pk").last()
    link = reverse("fonds:letter_pdf", args=[asked.pk, letter.pk])
    assert f'<a href="{link}">Brief: {letter.subject}</a>' in timeline
    assert '<span class="fw-meta">(PDF)</span>' in timeline
    # the question's text escaped, the steps in Amsterdam time with their ISO moments
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline
    asked_at = timezone.localtime(asked.questions.get().asked_at)
    assert f'<time datetime="{asked_at.isoformat()}">' in timeline
    assert 'data-kind="next"' in timeline and "Volgende stap" in timeline
    assert "None" not in page


def test_a_new_question_and_a_status_change_show_on_the_next_request(
    client, asked, applicant, reviewer
):
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[asked.pk])
    before = client.get(url).content.decode()
    assert "Nog een vraag?" not in before
    services.application_ask_question(application=asked, user=reviewer, text="Nog een vraag?")
    after = client.get(url).content.decode()
    assert "Nog een vraag?" in after
    assert "data-status>Wacht op uw antwoord</span>" in after


def test_the_english_timeline_is_in_english(client, asked, applicant, reviewer):
    from django.utils import translation

    client.force_login(applicant)
    with translation.override("en"):
        url = reverse("fonds:mine_detail", args=[asked.pk])
    assert url.startswith("/en/")
    page = client.get(url).content.decode()
    timeline = page.split("data-resident-timeline")[1].split("</section>")[0]
    assert "Next step" in timeline and "Volgende stap" not in timeline
    assert f"Question from {reviewer.get_full_name()}" in timeline
    assert "(PDF)" in timeline


def test_another_resident_never_gets_the_page_or_its_letters(client, asked):
    client.force_login(UserFactory(role="huurder"))
    assert client.get(reverse("fonds:mine_detail", args=[asked.pk])).status_code == 404
    letter = asked.letters.order_by("pk").last()
    url = reverse("fonds:letter_pdf", args=[asked.pk, letter.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def granted(fund_year, make_application, reviewer):
    FundSettings.objects.create(confirmation_threshold=Decimal("100000"))
    application = make_application(Status.IN_BEHANDELING, Decimal("400.00"), reviewer=reviewer)
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Goed plan"
    )
    application.refresh_from_db()
    return application


def test_a_granted_application_is_read_once_with_its_report(client, granted, applicant):
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[granted.pk])
    client.get(url)
    page, sqls = _reads(client, url)
    assert len(_application_reads(sqls)) == 1, _application_reads(sqls)
    assert not any('FROM "fonds_accountabilityreport"' in sql for sql in sqls)  # joined
    assert "data-report-link" in page and "Verantwoording invullen" in page
    assert "data-payouts" in page
    # the report approved: the next request says so
    report = granted.report
    report.status = ReportStatus.GOEDGEKEURD
    report.save()
    assert "Verantwoording bekijken" in client.get(url).content.decode()


def test_the_staff_page_names_who_submitted_and_approved_the_report(
    client, granted, applicant, coordinator
):
    report = granted.report
    report.status = ReportStatus.GOEDGEKEURD
    report.submitted_at = timezone.now()
    report.submitted_by = applicant
    report.reviewed_at = timezone.now()
    report.reviewed_by = coordinator
    report.save()
    staff_client(client, coordinator)
    url = reverse("fonds_application:inspect", args=[granted.pk])
    client.get(url)
    page, sqls = _reads(client, url)
    assert f"Goedgekeurd door {coordinator}" in page
    assert str(applicant) in page
    assert len(_application_reads(sqls)) == 1, _application_reads(sqls)
    # the report's two people in one query, not joined to the application's read
    people = [sql for sql in sqls if 'FROM "portal_user"' in sql and '"id" IN' in sql]
    assert len(people) == 1, people
    assert "portal_user" not in _application_reads(sqls)[0]


def test_the_staff_page_without_a_report_reads_no_one_for_it(client, asked, coordinator):
    staff_client(client, coordinator)
    url = reverse("fonds_application:inspect", args=[asked.pk])
    client.get(url)
    page, sqls = _reads(client, url)
    assert "portal_user" not in _application_reads(sqls)[0]
    assert 'FROM "fonds_accountabilityreport"' not in " ".join(sqls)


def test_who_stepped_aside_is_named_and_a_new_conflict_shows_next_time(
    client, asked, coordinator, reviewer
):
    from django.core.cache import cache

    staff_client(client, coordinator)
    url = reverse("fonds_application:inspect", args=[asked.pk])
    assert "Eigen buurt" not in client.get(url).content.decode()
    services.conflict_declare(application=asked, user=reviewer, reason="Eigen buurt")
    page = client.get(url).content.decode()
    assert "Eigen buurt" in page and str(reviewer) in page
    cache.clear()  # nothing kept: who stepped aside and the timeline read its people once
    client.get(reverse("wagtailadmin_home"))
    page, sqls = _reads(client, url)
    assert "Eigen buurt" in page and str(reviewer) in page
    conflict_people = [sql for sql in sqls if 'FROM "portal_user"' in sql and '"id" IN' in sql]
    assert len(conflict_people) <= 1, conflict_people


def test_the_budget_and_other_money_in_the_order_entered_with_their_amounts(
    client, make_application, applicant
):
    from fonds.models import BudgetLine, Contribution

    application = make_application(Status.INGEDIEND, Decimal("120.10"))
    BudgetLine.objects.create(
        application=application, description="Tent <b>", amount=Decimal("0.1")
    )
    Contribution.objects.create(
        application=application, source="anders", description="Bakker", amount=Decimal("1234.5")
    )
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[application.pk])
    client.get(url)
    page, sqls = _reads(client, url)
    budget = page.split('id="begroting"')[1].split("</section>")[0].replace("\xa0", " ")
    assert budget.index("Vlees: € 120,10") < budget.index("Huur: € 50,00")
    assert budget.index("Huur: € 50,00") < budget.index("Tent &lt;b&gt;: € 0,10")
    contributions = budget.split("data-contributions")[1]
    assert contributions.index("Eigen bijdrage: Eigen, € 50,00") < contributions.index(
        "Andere financier: Bakker, € 1.234,50"
    )
    # both read in one query, neither as a queryset of its own
    assert not any('FROM "fonds_budgetline"' in sql for sql in sqls)
    assert len([sql for sql in sqls if "fonds_budgetline" in sql]) == 1
    # a new line shows on the next request
    BudgetLine.objects.create(application=application, description="Stoelen", amount=Decimal("5"))
    assert "Stoelen: €\xa05,00" in client.get(url).content.decode()


def test_before_a_grant_the_staff_page_shows_the_empty_plan_and_after_it_the_plan(
    client, make_application, reviewer, coordinator, fund_year
):
    from django.template.loader import render_to_string

    FundSettings.objects.create(confirmation_threshold=Decimal("100000"))
    application = make_application(Status.IN_BEHANDELING, Decimal("400.00"), reviewer=reviewer)
    staff_client(client, coordinator)
    url = reverse("fonds_application:inspect", args=[application.pk])
    page = client.get(url).content.decode()
    empty = render_to_string("fonds/admin/payouts_section.html", {"rows": []})
    assert empty.strip() in page
    assert "Er is (nog) geen betaalplan" in page
    assert "data-report-section" not in page and 'id="bijdragen"' not in page
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Goed plan"
    )
    page = client.get(url).content.decode()
    assert "Er is (nog) geen betaalplan" not in page
    assert "data-payouts-section" in page and "data-report-section" in page
    assert 'id="bijdragen"' in page
