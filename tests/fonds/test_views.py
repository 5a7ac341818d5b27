"""The resident's side of the fund and the HWZ advice pages: drafts, submission with the
terms shown, bad input, and nobody reaching someone else's application."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fonds import services
from fonds.models import Application, Status
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _data(wijk, pillar, **extra):
    data = {
        "applicant_kind": "zelf",
        "title": "Buurtbarbecue op het plein",
        "description": "Voor alle buren van het plein.",
        "wijk": wijk.pk,
        "pillar": pillar.pk,
        "iban": "NL91 ABNA 0417 1643 00",
        "account_holder": "J. de Vries",
        "declaration": "on",
        "regels-TOTAL_FORMS": "2",
        "regels-INITIAL_FORMS": "0",
        "regels-0-description": "Vlees en groente",
        "regels-0-amount": "400,00",
        "regels-1-description": "Huur tafels",
        "regels-1-amount": "100",
        "bijdragen-TOTAL_FORMS": "1",
        "bijdragen-INITIAL_FORMS": "0",
        "bijdragen-0-source": "eigen",
        "bijdragen-0-description": "Eigen bijdrage",
        "bijdragen-0-amount": "50",
    }
    data.update(extra)
    return data


@pytest.fixture
def pillar(db):
    from tests.initiatieven.factories import PillarFactory

    return PillarFactory()


def test_save_a_draft_come_back_and_submit(client, applicant, wijk, pillar, fund_year):
    client.force_login(applicant)
    assert client.get(reverse("fonds:apply")).status_code == 200
    response = client.post(reverse("fonds:apply"), _data(wijk, pillar, declaration="", opslaan="1"))
    application = Application.objects.get()
    assert response.status_code == 302 and application.status == Status.CONCEPT
    assert application.budget_lines.count() == 2 and application.iban == "NL91ABNA0417164300"
    assert "Buurtbarbecue" in client.get("/mijn/").content.decode()
    edit = reverse("fonds:edit", args=[application.pk])
    page = client.get(edit).content.decode()
    assert "Vlees en groente" in page
    # Submitting without the declaration: a message beside it, nothing submitted.
    lines = {
        "regels-TOTAL_FORMS": "2",
        "regels-INITIAL_FORMS": "2",
        "regels-0-id": str(application.budget_lines.all()[0].pk),
        "regels-1-id": str(application.budget_lines.all()[1].pk),
        "bijdragen-INITIAL_FORMS": "1",
        "bijdragen-0-id": str(application.contributions.get().pk),
    }
    response = client.post(edit, _data(wijk, pillar, declaration="", indienen="1", **lines))
    assert response.status_code == 400
    assert "naar waarheid" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.CONCEPT
    response = client.post(edit, _data(wijk, pillar, indienen="1", **lines))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INGEDIEND and application.reference
    page = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert application.reference in page and "Ontvangstbevestiging uiterlijk" in page
    assert "Uiterlijk antwoord" in page
    # Submitting again changes nothing and does not fail.
    assert client.post(edit, _data(wijk, pillar, indienen="1", **lines)).status_code == 302
    assert Application.objects.get().reference == application.reference


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"iban": "NL00 BANK 0000 0000 00"}, "IBAN klopt niet"),
        ({"regels-0-amount": "-5"}, "niet negatief"),
        ({"regels-0-amount": "0"}, "groter dan 0"),
        ({"regels-0-amount": "veel"}, "bedrag in euro"),
        ({"regels-0-amount": "99999999999"}, ""),
        ({"title": ""}, "verplicht"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, applicant, wijk, pillar, changes, message):
    client.force_login(applicant)
    response = client.post(reverse("fonds:apply"), _data(wijk, pillar, opslaan="1", **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Voor alle buren van het plein." in page
    assert not Application.objects.exists()


def test_other_money_that_covers_the_costs_is_refused_on_submit_with_the_sums(
    client, applicant, wijk, pillar, fund_year
):
    client.force_login(applicant)
    response = client.post(
        reverse("fonds:apply"), _data(wijk, pillar, **{"bijdragen-0-amount": "600"}, indienen="1")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "De kosten zijn €\xa0500,00 en de andere bijdragen €\xa0600,00" in page
    assert 'href="#kosten"' in page  # the error summary links to the budget
    assert Application.objects.get().status == Status.CONCEPT


def test_attachment_must_be_pdf_or_photo(client, applicant, wijk, pillar):
    client.force_login(applicant)
    bad = SimpleUploadedFile(
        "offerte.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(
        reverse("fonds:apply"), {**_data(wijk, pillar, opslaan="1"), "attachments": [bad]}
    )
    assert response.status_code == 400
    assert "geen PDF of foto" in response.content.decode()
    good = SimpleUploadedFile(
        "offerte.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        content_type="application/pdf",
    )
    response = client.post(
        reverse("fonds:apply"), {**_data(wijk, pillar, opslaan="1"), "attachments": [good]}
    )
    assert response.status_code == 302
    assert Application.objects.get().attachments.get().name == "offerte.pdf"


def test_nobody_reaches_someone_elses_application(client, make_application, wijk):
    application = make_application(status=Status.CONCEPT)
    stranger = UserFactory(role="huurder")
    client.force_login(stranger)
    for name in ("edit", "mine_detail"):
        assert client.get(reverse(f"fonds:{name}", args=[application.pk])).status_code == 404
    for name in ("answer", "withdraw"):
        assert client.post(reverse(f"fonds:{name}", args=[application.pk])).status_code == 404
    # Not even by posting a changed draft to the form.
    client.post(reverse("fonds:edit", args=[application.pk]), {"title": "Gekaapt"})
    application.refresh_from_db()
    assert application.title != "Gekaapt"


def test_pages_need_a_login(client, make_application):
    application = make_application()
    for url in (
        reverse("fonds:apply"),
        reverse("fonds:mine"),
        reverse("fonds:mine_detail", args=[application.pk]),
        reverse("fonds:advice_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_answer_a_question_and_withdraw(client, make_application, applicant, reviewer, fund_year):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_ask_question(application=application, user=reviewer, text="Hoeveel buren?")
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Hoeveel buren?" in page and "Vraag van" in page
    client.post(reverse("fonds:answer", args=[application.pk]), {"answer": "Veertig"})
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING
    assert application.questions.get().answer == "Veertig"
    told = reviewer.notifications.get(event="fund_review_update")
    assert application.reference in told.title and told.body == "Veertig"
    client.post(reverse("fonds:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.INGETROKKEN


def test_decision_is_shown_to_the_applicant(
    client, make_application, applicant, reviewer, fund_year
):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_decide(
        application=application, user=reviewer, outcome="afgewezen", reason="Buiten de regeling."
    )
    client.force_login(applicant)
    page = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert "Het besluit" in page and "Buiten de regeling." in page
    assert "Aanvraag intrekken" not in page


def test_hwz_advice_pages(client, make_application, adviser, other_adviser, reviewer, applicant):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_ask_advice(application=application, user=reviewer)
    client.force_login(other_adviser)
    assert application.title not in client.get(reverse("fonds:advice_list")).content.decode()
    assert client.get(reverse("fonds:advice", args=[application.pk])).status_code == 404
    client.force_login(applicant)
    assert client.get(reverse("fonds:advice_list")).status_code == 404
    client.force_login(adviser)
    assert application.title in client.get(reverse("fonds:advice_list")).content.decode()
    url = reverse("fonds:advice", args=[application.pk])
    assert client.post(url, {"remarks": "Zonder keuze"}).status_code == 400
    client.post(url, {"verdict": "positief", "remarks": "Goed voor de buurt"})
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING
    assert application.advices.get().remarks == "Goed voor de buurt"
    given = client.get(url)  # given: readable, no longer a form
    assert given.status_code == 200 and "Goed voor de buurt" in given.content.decode()
    assert client.post(url, {"verdict": "negatief"}).status_code == 404


def test_money_is_dutch(client, make_application, applicant):
    application = make_application(status=Status.INGEDIEND, amount=Decimal("1250.50"))
    client.force_login(applicant)
    page = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert "€\xa01.250,50" in page


def test_hwz_adviser_steps_aside(client, make_application, adviser, reviewer, coordinator, wijk):
    from django.core.exceptions import PermissionDenied

    second = UserFactory(role="hwz-moderator")
    second.werkgebied.add(wijk)
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_ask_advice(application=application, user=reviewer)
    client.force_login(adviser)
    page = client.get(reverse("fonds:advice", args=[application.pk])).content.decode()
    assert "Ik heb een belang bij deze aanvraag" in page
    url = reverse("fonds:advice_conflict", args=[application.pk])
    client.post(url, {"reason": ""})
    assert not application.conflicts.exists()
    client.post(url, {"reason": "Het is mijn eigen straat"})
    assert application.conflicts.get().user == adviser
    assert application.title not in client.get(reverse("fonds:advice_list")).content.decode()
    assert client.get(reverse("fonds:advice", args=[application.pk])).status_code == 404
    client.force_login(second)
    assert application.title in client.get(reverse("fonds:advice_list")).content.decode()
    # Someone the application is nothing to cannot put a conflict on record.
    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            application=application, user=UserFactory(role="huurder"), reason="Zomaar"
        )
