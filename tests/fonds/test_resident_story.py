"""The applicant is told every step in their channel, and reads one story of their
application: each step with its date written out, every question with its answer, every
letter, what comes next and by when, and the other money they entered."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from fonds import services
from fonds.models import MESSAGE_LETTER, Application, FundSettings, Status
from portal.models import Notification
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# Monday 30 November 2026, 10:00.
MONDAY = dt.datetime(2026, 11, 30, 10, 0, tzinfo=AMS)


def told(applicant):
    return Notification.objects.filter(recipient=applicant, event="fund_application").order_by("pk")


@pytest.fixture
def in_review(make_application, applicant, reviewer, fund_year):
    """Submitted on Monday 30 November 2026 and taken into review the same day."""
    with time_machine.travel(MONDAY, tick=False):
        application = make_application()
        services.application_submit(application=application, user=applicant)
        services.application_acknowledge(application=application, user=reviewer)
        services.application_start_review(application=application, user=reviewer)
    application.refresh_from_db()
    return application


def test_start_of_review_is_told_with_the_date(
    make_application, applicant, reviewer, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY, tick=False):
        application = make_application()
        services.application_submit(application=application, user=applicant)
        services.application_acknowledge(application=application, user=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            services.application_start_review(application=application, user=reviewer)
    application.refresh_from_db()
    note = told(applicant).last()
    assert note.title == f"Wij behandelen uw aanvraag {application.reference}"
    # 10 working days from Monday 30 November 2026.
    assert "uiterlijk maandag 14 december 2026 ons besluit" in note.body
    assert mail.outbox[-1].subject.endswith(note.title)
    assert "maandag 14 december 2026" in mail.outbox[-1].body


def test_a_decision_sent_back_is_told_with_until_when(in_review, applicant, reviewer, coordinator):
    services.application_propose(
        application=in_review, user=reviewer, outcome="toegekend", reason="Past goed"
    )
    services.application_send_back(
        application=in_review, user=coordinator, reason="Eerst offertes vergelijken"
    )
    note = told(applicant).last()
    assert note.title == f"Het besluit over uw aanvraag {in_review.reference} duurt langer"
    assert "duurt het iets langer" in note.body
    assert "U krijgt het besluit uiterlijk maandag 14 december 2026." in note.body
    assert "offertes" not in note.body  # staff's own reasons stay with staff
    assert Notification.objects.filter(recipient=reviewer, title__contains="teruggestuurd").exists()


def test_a_reassignment_is_told(in_review, applicant, reviewer):
    colleague = UserFactory(role="leefbaarheidsmedewerker")
    before = told(applicant).count()
    services.application_assign(application=in_review, user=reviewer, reviewer=colleague)
    note = told(applicant).last()
    assert told(applicant).count() == before + 1
    assert note.title == f"Een andere medewerker behandelt uw aanvraag {in_review.reference}"
    assert "uiterlijk maandag 14 december 2026 ons besluit" in note.body
    # The same reviewer again is no news.
    services.application_assign(application=in_review, user=reviewer, reviewer=colleague)
    assert told(applicant).count() == before + 1


def test_a_late_reassignment_says_so(in_review, applicant, reviewer):
    colleague = UserFactory(role="leefbaarheidsmedewerker")
    with time_machine.travel(dt.datetime(2026, 12, 16, 9, 0, tzinfo=AMS), tick=False):
        services.application_assign(application=in_review, user=reviewer, reviewer=colleague)
    body = told(applicant).last().body
    assert "maandag 14 december 2026 moeten krijgen" in body and "zo snel mogelijk" in body


def test_a_withdrawal_is_confirmed(in_review, applicant, reviewer):
    services.application_withdraw(application=in_review, user=applicant)
    note = told(applicant).last()
    assert note.title == f"Uw aanvraag {in_review.reference} is ingetrokken"
    assert "Wij behandelen hem niet verder" in note.body
    assert Notification.objects.filter(recipient=reviewer, title__contains="ingetrokken").exists()


def test_a_question_and_a_decision_are_told(in_review, applicant, reviewer):
    services.application_ask_question(application=in_review, user=reviewer, text="Hoeveel mensen?")
    assert "Een vraag over uw aanvraag" in told(applicant).last().title
    assert "Hoeveel mensen?" in told(applicant).last().body
    services.application_answer(application=in_review, user=applicant, answer="Zestig")
    services.application_decide(
        application=in_review, user=reviewer, outcome="afgewezen", reason="Buiten de regeling"
    )
    note = told(applicant).last()
    assert note.title == f"Uw aanvraag {in_review.reference} is afgewezen"
    assert note.attachment.startswith("fonds.letter:")


def test_a_reduced_and_a_lapsed_grant_are_told(in_review, applicant, reviewer, make_application):
    services.application_decide(application=in_review, user=reviewer, outcome="toegekend")
    services.application_reduce_grant(
        application=in_review, user=reviewer, amount=Decimal("300"), reason="Minder kosten"
    )
    assert "is verlaagd naar € 300,00" in told(applicant).last().title.replace("\xa0", " ")
    settings = FundSettings.load()
    with time_machine.travel(
        dt.datetime(2028, 1, 4, 9, 0, tzinfo=AMS), tick=False
    ):  # long after the decision
        services.application_expire(application=in_review)
    note = told(applicant).last()
    assert note.title == f"De toekenning voor {in_review.reference} is vervallen"
    assert f"{settings.grant_expiry_months} maanden" in note.body


def test_an_applicant_without_account_gets_a_letter_to_post(make_application, reviewer, fund_year):
    application = make_application(
        status=Status.ONTVANGEN,
        applicant=None,
        contact_name="Mevrouw Jansen",
        contact_address="Lindelaan 4",
        contact_channel=Application.Channel.LETTER,
    )
    services.application_start_review(application=application, user=reviewer)
    letter = application.letters.get(kind=MESSAGE_LETTER)
    assert letter.subject == f"Wij behandelen uw aanvraag {application.reference}"
    assert "ons besluit" in letter.body
    assert not Notification.objects.filter(event="fund_application").exists()


def test_the_resident_reads_the_whole_story(client, in_review, applicant, reviewer):
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[in_review.pk])
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=AMS), tick=False):
        services.application_ask_question(
            application=in_review, user=reviewer, text="Hoeveel mensen komen er?"
        )
    page = client.get(url).content.decode()
    assert "Wacht op uw antwoord" in page and "Wacht op aanvrager" not in page
    assert "Beantwoord onze vraag" in page
    assert "maandag 30 november 2026" in page  # each step with its day written out
    assert "Eigen bijdrage: Eigen, €\xa050,00" in page  # the other money, shown back

    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=AMS), tick=False):
        services.application_answer(application=in_review, user=applicant, answer="Zo'n zestig")
    page = client.get(url).content.decode()
    # The question and the answer stay; the next step comes with its date.
    assert "Hoeveel mensen komen er?" in page and "Zo&#x27;n zestig" in page
    assert "Uw antwoord van woensdag 2 december 2026" in page
    assert "U krijgt ons besluit over uw aanvraag." in page
    assert "Uiterlijk dinsdag 15 december 2026" in page  # moved on by the day it stood still

    services.application_decide(
        application=in_review, user=reviewer, outcome="toegekend", reason="Past goed"
    )
    page = client.get(url).content.decode()
    assert "Uiterlijk antwoord" not in page and "Uiterlijk dinsdag" not in page
    letter = in_review.letters.filter(kind="toegekend").get()
    assert reverse("fonds:letter_pdf", args=[in_review.pk, letter.pk]) in page
    listing = client.get(reverse("fonds:mine")).content.decode()
    assert "15 december" not in listing  # no term runs after the decision
