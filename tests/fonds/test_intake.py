"""Assisted intake fits paper: as many cost lines as needed, a concept to come back to,
the terms from the day the paper form came in, and a salutation without "Mevr. J."."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.letters import salutation
from fonds.models import Application, Status
from portal.workdays import add_working_days, response_terms
from tests.portal.factories import UserFactory

from .conftest import staff_client
from .test_letters_and_intake import intake_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pillar(db):
    from tests.initiatieven.factories import PillarFactory

    return PillarFactory()


def test_a_line_is_added_without_javascript_and_nothing_is_lost(client, wijk, reviewer, pillar):
    c = staff_client(client, reviewer)
    data = intake_data(wijk, pillar, toevoegen="regels", indienen="")
    response = c.post(reverse("fonds_application:intake"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="regels-TOTAL_FORMS" value="2"' in page and 'name="regels-1-amount"' in page
    assert "Bloembakken voor de galerij" in page and "Bakken en aarde" in page
    assert not Application.objects.exists()


def test_three_lines_a_concept_and_coming_back(client, wijk, reviewer, pillar, fund_year):
    c = staff_client(client, reviewer)
    url = reverse("fonds_application:intake")
    data = intake_data(wijk, pillar, indienen="", opslaan="1", iban="")
    data.update(
        {
            "regels-TOTAL_FORMS": "3",
            "regels-1-description": "Planten",
            "regels-1-amount": "75,50",
            "regels-2-description": "Gieter",
            "regels-2-amount": "12",
        }
    )
    response = c.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("fonds_application:intake_edit", args=[application.pk])
    assert application.status == Status.CONCEPT and application.entered_by == reviewer
    assert application.budget_lines.count() == 3
    assert str(application.amount_requested) == "287.50"
    # The concept is listed on the intake page and opens with what was entered.
    assert application.title in c.get(url).content.decode()
    page = c.get(response.url).content.decode()
    assert "Gieter" in page and "Lindelaan 4" in page
    # A colleague of another wijk cannot open it.
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(_other_wijk())
    assert staff_client(client, outsider).get(response.url).status_code == 404
    # Completed and submitted from the concept.
    c = staff_client(client, reviewer)
    lines = {
        "regels-TOTAL_FORMS": "3",
        "regels-INITIAL_FORMS": "3",
        **{f"regels-{i}-id": str(line.pk) for i, line in enumerate(application.budget_lines.all())},
        "regels-0-description": "Bakken en aarde",
        "regels-0-amount": "200",
        "regels-1-description": "Planten",
        "regels-1-amount": "75,50",
        "regels-2-description": "Gieter",
        "regels-2-amount": "12",
    }
    response = c.post(response.url, intake_data(wijk, pillar, **lines))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status != Status.CONCEPT and application.reference
    assert application.budget_lines.count() == 3


def _other_wijk():
    from tests.portal.factories import WijkFactory

    return WijkFactory()


def test_terms_count_from_the_day_the_paper_form_came_in(client, wijk, reviewer, pillar, fund_year):
    received = timezone.localdate() - dt.timedelta(days=6)
    c = staff_client(client, reviewer)
    response = c.post(
        reverse("fonds_application:intake"),
        intake_data(wijk, pillar, received_on=received.isoformat()),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert timezone.localtime(application.submitted_at).date() == received
    terms = response_terms()
    assert application.answer_due == add_working_days(application.submitted_at, terms.feedback_days)
    assert timezone.localtime(application.answer_due).date() < (
        timezone.localtime(add_working_days(timezone.now(), terms.feedback_days)).date()
    )


def test_a_received_date_in_the_future_is_refused(client, wijk, reviewer, pillar, fund_year):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    c = staff_client(client, reviewer)
    response = c.post(
        reverse("fonds_application:intake"),
        intake_data(wijk, pillar, received_on=tomorrow.isoformat()),
    )
    assert response.status_code == 400
    assert "ligt in de toekomst" in response.content.decode()
    assert 'href="#id_received_on"' in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("title", "name", "expected"),
    [
        ("", "Mevr. J. Janssen", "Beste mevrouw Janssen,"),
        ("", "dhr. P. de Vries", "Beste meneer De Vries,"),
        ("mevrouw", "A. Jansen", "Beste mevrouw Jansen,"),
        ("heer", "Jan van den Berg", "Beste meneer Van den Berg,"),
        ("", "J. Janssen", "Geachte heer/mevrouw,"),
        ("", "", "Geachte heer/mevrouw,"),
    ],
)
def test_salutation_from_the_contact_fields(title, name, expected):
    application = SimpleNamespace(contact_salutation=title, contact_name=name, applicant_id=None)
    assert salutation(application) == expected


def test_the_letter_uses_the_salutation(make_application, reviewer):
    from fonds import letters, services
    from fonds.models import LetterKind

    from .test_letters_and_intake import pdf_text

    application = make_application(
        status=Status.INGEDIEND,
        applicant=None,
        contact_name="Mevr. J. Janssen",
        contact_address="Lindelaan 4",
        contact_channel=Application.Channel.LETTER,
    )
    letter = services.letter_send(
        application=application, kind=LetterKind.ACKNOWLEDGEMENT, user=reviewer
    )
    text = pdf_text(letters.render_pdf(letter))
    assert "Beste mevrouw Janssen," in text and "Beste Mevr." not in text
