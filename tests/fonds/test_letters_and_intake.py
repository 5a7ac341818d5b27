"""Letters from staff-edited templates (with the decision's PDF in the e-mail), bulk
acknowledgement, assisted intake for a tenant who is not online, contact records, and
the queue's overdue filter."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fonds import letters, services
from fonds.models import ApplicantContact, Application, LetterKind, LetterTemplate, Status
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- templates and filling ------------------------------------------------------------


def test_unknown_placeholders_are_refused_with_the_known_ones_named():
    template = LetterTemplate(kind=LetterKind.QUESTION, subject="Vraag {kenmerk}", body="{naam}")
    template.full_clean(validate_unique=False)
    for bad in ("Beste {voornaam}", "{naam.__class__}", "{naam!r}", "{naam:>40}", "los { haakje"):
        template.body = bad
        with pytest.raises(ValidationError) as exc:
            template.full_clean(validate_unique=False)
        assert "body" in exc.value.message_dict
    template.body = "{voornaam}"
    with pytest.raises(ValidationError) as exc:
        template.full_clean(validate_unique=False)
    assert "{kenmerk}" in exc.value.message_dict["body"][0]


def test_fill_is_plain_substitution():
    facts = {"naam": "<b>Ans</b> {kenmerk}", "kenmerk": "LF-1"}
    assert letters.fill("Beste {naam}, {{letterlijk}} {kenmerk}", facts) == (
        "Beste <b>Ans</b> {kenmerk}, {letterlijk} LF-1"
    )


def test_default_templates_are_there_to_edit():
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == set(LetterKind.values)


def test_acknowledgement_uses_the_text_staff_set(make_application, reviewer, applicant):
    LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).update(
        subject="Ontvangen: {kenmerk}",
        body="Beste buur, we antwoorden uiterlijk {antwoord_uiterlijk}.",
    )
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    letter = application.letters.get()
    assert letter.subject == f"Ontvangen: {application.reference}"
    day = timezone.localtime(application.answer_due)
    assert str(day.year) in letter.body and "{" not in letter.body
    note = applicant.notifications.get()
    assert note.title == letter.subject and note.body == letter.body


def test_decision_email_carries_the_letter_as_pdf(
    make_application, reviewer, applicant, fund_year, django_capture_on_commit_callbacks
):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("450.00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            user=reviewer,
            outcome="deels_toegekend",
            amount=Decimal("400.00"),
            reason="Het springkussen betalen we niet.",
            conditions="Foto's achteraf.",
        )
    message = mail.outbox[-1]
    assert message.to == [applicant.email]
    assert "deel toegekend" in message.subject
    ((filename, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = pdf_text(content)
    assert application.reference in text
    assert "400,00" in text and "450,00" in text
    assert "springkussen" in text and "Foto's achteraf" in text


def test_resident_downloads_own_letters_only(client, make_application, reviewer, applicant):
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    letter = application.letters.get()
    url = reverse("fonds:letter_pdf", args=[application.pk, letter.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(UserFactory(role="huurder"))
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    detail = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert url in detail
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert application.reference in pdf_text(response.content)
    other = make_application(status=Status.INGEDIEND, applicant=UserFactory(role="huurder"))
    services.application_acknowledge(application=other, user=reviewer)
    wrong = reverse("fonds:letter_pdf", args=[application.pk, other.letters.get().pk])
    assert client.get(wrong).status_code == 404


def test_staff_letter_download_is_scoped(client, make_application, reviewer, other_wijk):
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    url = reverse("fonds_application:letter", args=[application.pk, application.letters.get().pk])
    assert staff_client(client, reviewer).get(url).status_code == 200
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    assert staff_client(client, outsider).get(url).status_code == 404


def test_letter_templates_are_edited_not_added(client, coordinator, applicant):
    template = LetterTemplate.objects.get(kind=LetterKind.REJECTED)
    edit = reverse("fonds_lettertemplate:edit", args=[template.pk])
    c = staff_client(client, coordinator)
    response = c.post(edit, {"subject": "Afgewezen {kenmerk}", "body": "Helaas, {onbekend}."})
    assert response.status_code == 200 and "{onbekend}" in response.content.decode()
    template.refresh_from_db()
    assert "{onbekend}" not in template.body
    response = c.post(edit, {"subject": "Afgewezen {kenmerk}", "body": "Helaas: {motivering}"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Helaas: {motivering}"
    assert c.get(reverse("fonds_lettertemplate:add")).status_code in (302, 403, 404)
    client.force_login(applicant)
    assert client.get(edit).status_code == 302


# --- bulk acknowledgement -------------------------------------------------------------


def test_acknowledge_several_at_once(client, make_application, reviewer, other_wijk):
    first = make_application(status=Status.INGEDIEND, title="Eerste")
    second = make_application(status=Status.INGEDIEND, title="Tweede")
    elsewhere = make_application(status=Status.INGEDIEND, title="Elders", wijk=other_wijk)
    outsider_reviewer = UserFactory(role="wijkbeheerder")
    outsider_reviewer.werkgebied.add(first.wijk)
    c = staff_client(client, outsider_reviewer)
    url = reverse("fonds_application:acknowledge_many")
    page = c.get(url).content.decode()
    assert "Eerste" in page and "Tweede" in page and "Elders" not in page
    assert c.post(url, {"ids": []}).status_code == 200  # nothing chosen: a message, no change
    response = c.post(url, {"ids": [first.pk, second.pk, elsewhere.pk]}, follow=True)
    assert "2 aanvragen" in response.content.decode()
    statuses = dict(Application.objects.values_list("title", "status"))
    assert statuses == {"Eerste": "ontvangen", "Tweede": "ontvangen", "Elders": "ingediend"}
    assert first.letters.count() == 1 and elsewhere.letters.count() == 0


def test_bulk_acknowledge_names_the_ones_it_could_not(make_application, reviewer):
    good = make_application(status=Status.INGEDIEND)
    already = make_application(status=Status.ONTVANGEN)
    done, refused = services.applications_acknowledge(applications=[good, already], user=reviewer)
    assert [a.pk for a in done] == [good.pk]
    assert len(refused) == 1 and already.reference in refused[0]


# --- assisted intake and contact records ----------------------------------------------


def intake_data(wijk, pillar, **overrides):
    data = {
        "tenant_email": "",
        "contact_name": "Mevrouw Jansen",
        "contact_address": "Lindelaan 4\n1234 AB Fijnstad",
        "contact_phone": "",
        "contact_channel": "brief",
        "applicant_kind": "zelf",
        "group_name": "",
        "title": "Bloembakken voor de galerij",
        "description": "Bakken met planten langs de galerij van de flat.",
        "wijk": wijk.pk,
        "pillar": pillar.pk,
        "iban": "NL91 ABNA 0417 1643 00",
        "account_holder": "A. Jansen",
        "declaration": "on",
        "regels-TOTAL_FORMS": "1",
        "regels-INITIAL_FORMS": "0",
        "regels-0-description": "Bakken en aarde",
        "regels-0-amount": "200",
        "bijdragen-TOTAL_FORMS": "0",
        "bijdragen-INITIAL_FORMS": "0",
        "indienen": "1",
    }
    data.update(overrides)
    return data


def test_staff_enter_an_application_for_a_tenant_without_account(
    client, wijk, reviewer, django_capture_on_commit_callbacks
):
    from tests.initiatieven.factories import PillarFactory

    c = staff_client(client, reviewer)
    url = reverse("fonds_application:intake")
    assert c.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, intake_data(wijk, PillarFactory()))
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.status == Status.INGEDIEND and application.reference
    assert application.applicant is None and application.entered_by == reviewer
    assert application.informed_offline
    assert application.history.filter(history_user=reviewer).exists()
    assert not mail.outbox  # nobody to e-mail: staff post the letters

    # Whoever entered it steps aside: a colleague handles it from here.
    with pytest.raises(PermissionDenied, match="voerde de aanvraag in"):
        services.application_acknowledge(application=application, user=reviewer)
    colleague = UserFactory(role="leefbaarheidsmedewerker")
    services.application_acknowledge(application=application, user=colleague)
    c = staff_client(client, colleague)
    letter = application.letters.get()
    assert "Mevrouw Jansen" in pdf_text(
        c.get(reverse("fonds_application:letter", args=[application.pk, letter.pk])).content
    )
    inspect = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Per post verstuurd" in inspect and "Lindelaan 4" in inspect
    action = reverse("fonds_application:action", args=[application.pk, "contact"])
    c.post(action, {"letter": letter.pk, "channel": "brief", "summary": ""})
    contact = ApplicantContact.objects.get()
    assert contact.letter == letter and contact.recorded_by == colleague
    assert letter.subject in contact.summary
    c.post(action, {"channel": "telefoon", "summary": "Gebeld: de brief is aangekomen."})
    assert application.contacts.count() == 2
    inspect = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Gebeld: de brief is aangekomen." in inspect


def test_intake_for_a_tenant_with_an_account_keeps_them_informed(client, wijk, reviewer, applicant):
    from tests.initiatieven.factories import PillarFactory

    c = staff_client(client, reviewer)
    data = intake_data(
        wijk, PillarFactory(), tenant_email=applicant.email.upper(), contact_channel="portal"
    )
    assert c.post(reverse("fonds_application:intake"), data).status_code == 302
    application = Application.objects.get()
    assert application.applicant == applicant and application.entered_by == reviewer
    assert not application.informed_offline
    assert applicant.notifications.filter(event="fund_application").exists()


def test_intake_bad_input_keeps_what_was_typed(client, wijk, reviewer, other_wijk):
    from tests.initiatieven.factories import PillarFactory

    pillar = PillarFactory()
    c = staff_client(client, reviewer)
    url = reverse("fonds_application:intake")
    cases = [
        ({"contact_name": ""}, "Vul de naam van de huurder in."),
        ({"tenant_email": "niemand@example.org"}, "Er is geen account met dit e-mailadres."),
        ({"contact_address": ""}, "Vul het postadres in"),
        ({"contact_channel": "portal"}, "alleen per brief of telefoon"),
        ({"iban": "NL00 FOUT"}, "Dit IBAN klopt niet"),
        ({"regels-0-amount": "-5"}, "niet negatief"),
        (
            {
                "bijdragen-TOTAL_FORMS": "1",
                "bijdragen-0-source": "eigen",
                "bijdragen-0-description": "Eigen",
                "bijdragen-0-amount": "250",
            },
            "niets over",
        ),
        ({"received_on": "2099-01-01"}, "ligt in de toekomst"),
    ]
    for override, message in cases:
        response = c.post(url, intake_data(wijk, pillar, **override))
        page = response.content.decode()
        assert response.status_code == 400, override
        assert message in page, override
        assert "Bloembakken voor de galerij" in page  # what was typed stays
    assert not Application.objects.exists()  # nothing half-written


def test_intake_is_for_staff_of_that_wijk(client, wijk, other_wijk, applicant):
    from tests.initiatieven.factories import PillarFactory

    url = reverse("fonds_application:intake")
    client.force_login(applicant)
    assert client.get(url).status_code == 302  # residents never reach the admin
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    c = staff_client(client, outsider)
    response = c.post(url, intake_data(wijk, PillarFactory()))
    assert response.status_code == 400
    assert "geen aanvragen invoeren voor deze wijk" in response.content.decode()
    assert not Application.objects.exists()
    hwz = UserFactory(role="hwz-moderator")
    hwz.werkgebied.add(wijk)
    refused = staff_client(client, hwz).get(url)  # Wagtail sends a refusal to the dashboard
    assert refused.status_code == 302 and refused.url == "/admin/"


def test_contact_record_refuses_bad_input_and_outsiders(make_application, reviewer, other_wijk):
    application = make_application(status=Status.INGEDIEND)
    with pytest.raises(ValidationError):
        services.contact_record(
            application=application, user=reviewer, channel="duif", summary="Gestuurd"
        )
    with pytest.raises(ValidationError):
        services.contact_record(application=application, user=reviewer, channel="brief", summary="")
    with pytest.raises(ValidationError):
        services.contact_record(
            application=application,
            user=reviewer,
            channel="telefoon",
            summary="Gebeld",
            contacted_at=timezone.now() + dt.timedelta(days=1),
        )
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.contact_record(
            application=application, user=outsider, channel="telefoon", summary="Gebeld"
        )
    assert not ApplicantContact.objects.exists()


# --- the queue's overdue filter -------------------------------------------------------


def test_overdue_filter(client, make_application, reviewer):
    now = timezone.now()
    late = make_application(status=Status.IN_BEHANDELING, title="Te laat")
    paused = make_application(status=Status.WACHT_OP_AANVRAGER, title="Stilgezet")
    on_time = make_application(status=Status.IN_BEHANDELING, title="Op tijd")
    Application.objects.filter(pk__in=[late.pk, paused.pk]).update(
        queue_due=now - dt.timedelta(days=2)
    )
    Application.objects.filter(pk=paused.pk).update(paused_since=now - dt.timedelta(days=3))
    Application.objects.filter(pk=on_time.pk).update(queue_due=now + dt.timedelta(days=2))
    c = staff_client(client, reviewer)
    page = c.get(reverse("fonds_application:index") + "?overdue=true").content.decode()
    assert "Te laat" in page and "Stilgezet" not in page and "Op tijd" not in page
    page = c.get(reverse("fonds_application:index") + "?overdue=false").content.decode()
    assert "Te laat" not in page and "Op tijd" in page


def test_queue_due_follows_the_running_term(make_application, reviewer, applicant):
    application = make_application(status=Status.INGEDIEND)
    services.application_acknowledge(application=application, user=reviewer)
    application.refresh_from_db()
    assert application.queue_due == application.answer_due
    services.application_withdraw(application=application, user=applicant)
    application.refresh_from_db()
    assert application.queue_due is None


def test_acknowledgement_can_go_out_automatically(make_application, applicant):
    from fonds.models import FundSettings

    settings = FundSettings.load()
    settings.acknowledge_automatically = True
    settings.save()
    application = make_application()
    services.application_submit(application=application, user=applicant)
    application.refresh_from_db()
    assert application.status == Status.ONTVANGEN
    assert application.acknowledged_at and application.acknowledged_in_time
    assert application.queue_due == application.answer_due
    letter = application.letters.get(kind=LetterKind.ACKNOWLEDGEMENT)
    assert letter.created_by is None and application.reference in letter.subject
    assert application.reference in pdf_text(letters.render_pdf(letter))
    assert list(application.history.values_list("status", flat=True)[:2]) == [
        "ontvangen",
        "ingediend",
    ]
