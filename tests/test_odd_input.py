# ruff: noqa: F811 (the fund tests' fixtures are imported by name)
"""The odd inputs that gave a server error or a wrong result (issue 9, finding 3), each
as a request a person could make; the fuzzing in test_fuzz_forms.py covers the rest."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from fonds import services
from fonds.models import ApplicantContact, Application, LedgerEntry, Status
from initiatieven.models import Initiative
from initiatieven.models import Status as InitiativeStatus
from portal.models import Notification
from tests.fonds.conftest import (  # noqa: F401 (fixtures)
    applicant,
    fund_year,
    make_application,
    reviewer,
    staff_client,
    wijk,
)
from tests.initiatieven.factories import InitiativeFactory, PillarFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


# Query strings and posts outside a form ----------------------------------------------


def test_nul_byte_in_the_site_search_is_left_out_with_a_word(client):
    response = client.get(reverse("search"), {"q": "moes\x00tuin"})
    assert response.status_code == 200
    assert "onzichtbare tekens" in response.content.decode()


def test_look_alike_initiatives_with_odd_numbers(client):
    for wijk_param in ("²", "99999999999999999999999", "-1", "abc"):
        response = client.get(
            reverse("initiatieven:similar"), {"title": "moes\x00tuin", "wijk": wijk_param}
        )
        assert response.status_code == 200


def test_proposal_with_an_odd_wijk_comes_back_with_a_message(client, wijk):
    resident = UserFactory(role="huurder")
    client.force_login(resident)
    response = client.post(
        reverse("initiatieven:propose"), {"title": "Moestuin achter de flat", "wijk": "²"}
    )
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_bulk_acknowledgement_ignores_what_is_no_id(client, reviewer, make_application):
    application = make_application(status=Status.INGEDIEND)
    c = staff_client(client, reviewer)
    url = reverse("fonds_application:acknowledge_many")
    response = c.post(url, {"ids": ["abc", "99999999999999999999999", "²"]})
    assert response.status_code == 200
    assert "Kies een of meer aanvragen" in messages_of(response)
    response = c.post(url, {"ids": ["abc", str(application.pk)]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ONTVANGEN


def test_contact_with_a_letter_that_is_no_id_is_refused(client, reviewer, make_application):
    application = make_application(status=Status.INGEDIEND)
    c = staff_client(client, reviewer)
    action = reverse("fonds_application:action", args=[application.pk, "contact"])
    for letter in ("abc", "99999999999999999999999", "²"):
        response = c.post(action, {"letter": letter, "channel": "brief", "summary": "Gepost"})
        assert response.status_code == 302
        assert "Kies een brief uit de lijst" in messages_of(response)
    assert not ApplicantContact.objects.exists()


def test_reviewer_that_is_no_id_is_refused(client, reviewer, make_application):
    application = make_application(status=Status.ONTVANGEN)
    c = staff_client(client, reviewer)
    action = reverse("fonds_application:action", args=[application.pk, "start_review"])
    for person in ("²", "99999999999999999999999"):
        assert c.post(action, {"reviewer": person}).status_code == 302


def test_reason_with_a_nul_byte_is_kept_without_it(client, reviewer, make_application):
    application = make_application(status=Status.INGEDIEND)
    c = staff_client(client, reviewer)
    action = reverse("fonds_application:action", args=[application.pk, "conflict"])
    c.post(action, {"reason": "Mijn eigen\x00 straat"})
    assert application.conflicts.get().reason == "Mijn eigen straat"


# Money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0,001", "twee cijfers achter de komma"),
        ("NaN", "in cijfers"),
        ("sNaN", "in cijfers"),
        ("Infinity", "in cijfers"),
        ("1e2", "zonder e-notatie"),
        ("1e999", "zonder e-notatie"),
    ],
)
def test_partial_grant_of_an_odd_amount_is_refused(
    client, reviewer, make_application, fund_year, typed, words
):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    c = staff_client(client, reviewer)
    action = reverse("fonds_application:action", args=[application.pk, "decide"])
    response = c.post(action, {"outcome": "deels_toegekend", "amount": typed, "reason": "Deels."})
    assert response.status_code == 302
    assert words in messages_of(response)
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING and application.granted_amount is None
    assert not LedgerEntry.objects.exists()


def test_partial_grant_in_dutch_notation_is_taken(client, reviewer, make_application, fund_year):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    c = staff_client(client, reviewer)
    action = reverse("fonds_application:action", args=[application.pk, "decide"])
    c.post(action, {"outcome": "deels_toegekend", "amount": "250,50", "reason": "Deels."})
    application.refresh_from_db()
    assert application.granted_amount == Decimal("250.50")


def test_budget_line_with_fractions_of_cents_is_refused(client, applicant, wijk):
    client.force_login(applicant)
    response = client.post(
        reverse("fonds:apply"),
        {
            "applicant_kind": "zelf",
            "title": "Buurtfeest in de zomer",
            "wijk": wijk.pk,
            "regels-TOTAL_FORMS": "1",
            "regels-INITIAL_FORMS": "0",
            "regels-0-description": "Huur",
            "regels-0-amount": "0,001",
            "bijdragen-TOTAL_FORMS": "1",
            "bijdragen-INITIAL_FORMS": "0",
            "bijdragen-0-source": "eigen",
            "bijdragen-0-description": "Eigen",
            "bijdragen-0-amount": "sNaN",
            "opslaan": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "twee cijfers achter de komma" in page and "in cijfers" in page
    assert "Buurtfeest in de zomer" in page
    assert not Application.objects.exists()


def test_budget_per_year_refuses_odd_amounts(client):
    coordinator = UserFactory(role="coordinator")
    c = staff_client(client, coordinator)
    for typed, words in (("NaN", "in cijfers"), ("1,001", "twee cijfers"), ("-5", "negatief")):
        response = c.post(reverse("fundyear:add"), {"year": "2031", "budget": typed, "note": ""})
        assert words in response.content.decode()
    c.post(reverse("fundyear:add"), {"year": "2031", "budget": "25.000,50", "note": ""})
    from fonds.models import FundYear

    assert FundYear.objects.get(year=2031).budget == Decimal("25000.50")


# One-line titles, and a messenger that never fails on an old one -----------------------


def test_title_with_a_line_end_is_refused_and_nothing_saved(client, wijk):
    client.force_login(UserFactory(role="huurder"))
    response = client.post(
        reverse("initiatieven:propose"),
        {"title": "Moestuin\nBcc: iemand@example.nl", "wijk": wijk.pk},
    )
    assert response.status_code == 400
    assert "past op één regel" in response.content.decode()
    assert not Initiative.objects.exists()


def test_application_title_with_a_tab_is_refused(client, applicant, wijk):
    client.force_login(applicant)
    response = client.post(
        reverse("fonds:apply"),
        {
            "applicant_kind": "zelf",
            "title": "Buurt\tfeest",
            "wijk": wijk.pk,
            "regels-TOTAL_FORMS": "0",
            "regels-INITIAL_FORMS": "0",
            "bijdragen-TOTAL_FORMS": "0",
            "bijdragen-INITIAL_FORMS": "0",
            "opslaan": "1",
        },
    )
    assert response.status_code == 400 and "past op één regel" in response.content.decode()
    assert not Application.objects.exists()


def test_an_old_title_with_a_line_end_still_reaches_the_initiator(
    client, django_capture_on_commit_callbacks
):
    """A title saved before titles were checked: publishing it e-mails the initiator
    instead of losing the message (and giving the moderator a server error)."""
    pillar = PillarFactory()
    initiative = InitiativeFactory(
        title="Moestuin\r\nBcc: iemand@example.nl", pillar=pillar, status=InitiativeStatus.INGEDIEND
    )
    moderator = UserFactory(role="hwz-moderator")
    moderator.werkgebied.add(initiative.wijk)
    c = staff_client(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("initiatieven:transition", args=[initiative.pk, "publish"]))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.GEPUBLICEERD
    (message,) = [m for m in mail.outbox if initiative.initiator.email in m.to]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Moestuin Bcc: iemand@example.nl" in message.subject
    assert Notification.objects.get(recipient=initiative.initiator).emailed_at is not None


def test_letter_download_with_an_odd_reference_keeps_its_header(client, reviewer, make_application):
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    Application.objects.filter(pk=application.pk).update(reference='LF-2026\r\n"7')
    letter = application.letters.get()
    client.force_login(application.applicant)
    response = client.get(reverse("fonds:letter_pdf", args=[application.pk, letter.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="LF-2026--7-{letter.kind}-{letter.pk}.pdf"'
    )


# Admin forms ---------------------------------------------------------------------------


def test_staff_account_with_a_role_id_too_large_for_the_database(client, wijk):
    from portal.models import User

    admin = UserFactory(is_superuser=True, is_staff=True)
    c = staff_client(client, admin)
    before = User.objects.count()
    response = c.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "nieuwe.collega@example.nl",
            "first_name": "Sanne",
            "last_name": "de Boer",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
            "groups": "99999999999999999999999",
            "werkgebied": str(wijk.pk),
        },
    )
    assert response.status_code == 200
    assert "99999999999999999999999" in response.content.decode()  # named in the message
    assert User.objects.count() == before


def test_staff_name_with_a_line_end_is_refused(client):
    from portal.models import User

    admin = UserFactory(is_superuser=True, is_staff=True)
    c = staff_client(client, admin)
    response = c.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "nieuwe.collega@example.nl",
            "first_name": "Sanne\nBcc: iemand@example.nl",
            "last_name": "de Boer",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
        },
    )
    assert response.status_code == 200 and "past op één regel" in response.content.decode()
    assert not User.objects.filter(email="nieuwe.collega@example.nl").exists()


def test_letter_subject_with_a_line_end_is_refused(client):
    from fonds.models import LetterKind, LetterTemplate

    c = staff_client(client, UserFactory(role="coordinator"))
    template = LetterTemplate.objects.get(kind=LetterKind.REJECTED)
    response = c.post(
        reverse("fonds_lettertemplate:edit", args=[template.pk]),
        {"subject": "Uw aanvraag\n{kenmerk}", "body": "Beste {naam},"},
    )
    assert response.status_code == 200 and "past op één regel" in response.content.decode()
    template.refresh_from_db()
    assert "\n" not in template.subject


def test_queue_search_on_a_reference_ending_in_the_last_character(client, reviewer):
    c = staff_client(client, reviewer)
    for query in ("LF-\U0010ffff", "LF-", "lf-2026-0"):
        response = c.get(reverse("fonds_application:index"), {"q": query})
        assert response.status_code == 200


def test_site_search_with_a_double_quote(client):
    for query in ('"unterminated', 'moes"tuin', '"'):
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200
