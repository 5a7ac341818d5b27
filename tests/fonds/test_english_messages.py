"""Notifications, e-mails and letters in the language the recipient chose."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from fonds import letters, services
from fonds.models import Letter, LetterTemplate, Status
from portal.models import User

pytestmark = pytest.mark.django_db


def test_preferences_change_the_language_of_messages(client, applicant):
    from portal.idempotency import TOKEN_FIELD, new_token

    client.force_login(applicant)
    response = client.post(
        "/mijn/voorkeuren/", {"language": "en", "email_events": [], TOKEN_FIELD: new_token()}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.language == "en"
    response = client.post(
        "/mijn/voorkeuren/", {"language": "fr", "email_events": [], TOKEN_FIELD: new_token()}
    )
    assert response.status_code == 200
    assert "Kies Nederlands of Engels." in response.content.decode()


def test_notification_and_email_in_the_recipients_language(
    make_application, reviewer, applicant, django_capture_on_commit_callbacks
):
    applicant.language = "en"
    applicant.save()
    dutch = User.objects.create_user(email="nl@example.nl", password="x" * 12)
    application = make_application(status=Status.INGEDIEND)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_acknowledge(application=application, user=reviewer)
    note = applicant.notifications.get()
    assert note.title == f"We have received your application {application.reference}"
    assert note.url.startswith("/en/mijn/aanvragen/")
    email = mail.outbox[-1]
    assert email.to == [applicant.email]
    assert "We have received your application" in email.subject
    assert "/en/mijn/aanvragen/" in email.body
    assert "/en/mijn/voorkeuren/" in email.body

    # A text with values (interpolate) is written once per language, whoever caused it.
    from portal.notifications import interpolate, notify

    with translation.override("en"):
        notify(
            event="fund_application",
            recipients=[applicant, dutch],
            title=interpolate(translation.gettext_lazy("Nieuws over “%(title)s”"), {"title": "X"}),
            url="/initiatieven/",
        )
    assert applicant.notifications.latest("pk").title == "News about “X”"
    assert applicant.notifications.latest("pk").url == "/en/initiatieven/"
    assert dutch.notifications.get().title == "Nieuws over “X”"
    assert dutch.notifications.get().url == "/initiatieven/"


def test_mijn_overzicht_shows_the_english_notification(
    client, make_application, reviewer, applicant
):
    applicant.language = "en"
    applicant.save()
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    client.force_login(applicant)
    page = client.get("/en/mijn/").content.decode()
    assert f"We have received your application {application.reference}" in page


def test_letter_in_english_for_an_applicant_who_chose_english(
    make_application, reviewer, applicant, fund_year
):
    applicant.language = "en"
    applicant.save()
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("450.00"))
    letter = services.letter_send(application=application, kind="afgewezen", user=reviewer)
    assert letter.language == "en"
    assert letter.subject == f"Your application {application.reference} has been declined"
    assert "Unfortunately we cannot grant" in letter.body
    pdf = letters.render_pdf(letter)
    assert pdf.startswith(b"%PDF")


def test_letter_dates_in_english(make_application, reviewer, applicant):
    applicant.language = "en"
    applicant.save()
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    letter = Letter.objects.get(application=application)
    months = ["January", "February", "March", "April", "May", "June", "July", "August"]
    months += ["September", "October", "November", "December"]
    assert any(month in letter.body for month in months)
    assert letter.body.startswith("On ")


def test_dutch_applicant_and_applicant_without_account_get_dutch(
    make_application, reviewer, applicant
):
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    assert application.letters.get().language == "nl"
    assert application.letters.get().subject.startswith("Wij hebben uw aanvraag")
    application.applicant = None
    assert letters.language_of(application) == "nl"


def test_english_text_left_empty_falls_back_to_dutch(make_application, reviewer, applicant):
    applicant.language = "en"
    applicant.save()
    LetterTemplate.objects.filter(kind="ontvangst").update(subject_en="", body_en="")
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    letter = application.letters.get()
    assert letter.language == "nl"
    assert letter.subject.startswith("Wij hebben uw aanvraag")
