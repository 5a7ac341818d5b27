"""The fund form does the sums, adds lines without JavaScript, marks what a submission
needs, says one thing per kind of mistake, and opens with an error summary that links to
each field."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fonds import services
from fonds.models import Application, Status
from tests.fonds.test_views import _data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pillar(db):
    from tests.initiatieven.factories import PillarFactory

    return PillarFactory()


def test_the_requested_amount_is_computed_not_typed(client, applicant, wijk, pillar, fund_year):
    client.force_login(applicant)
    data = _data(wijk, pillar, indienen="1", amount_requested="9999")
    data.update({"regels-0-amount": "400,25", "bijdragen-0-amount": "50,25"})
    response = client.post(reverse("fonds:apply"), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.INGEDIEND
    assert application.amount_requested == Decimal("450.00")  # 400,25 + 100 - 50,25


def test_the_form_shows_the_three_sums(client, applicant, wijk, pillar):
    client.force_login(applicant)
    data = _data(wijk, pillar, toevoegen="regels")
    data.update({"regels-0-amount": "350,50", "bijdragen-0-amount": "100"})
    page = client.post(reverse("fonds:apply"), data).content.decode()
    sums = re.search(r"<dl class=\"fw-sums\".*?</dl>", page, re.S).group(0)
    assert 'aria-live="polite"' in sums
    assert "€\xa0450,50" in sums and "€\xa0100,00" in sums and "€\xa0350,50" in sums


def test_adding_a_line_without_javascript_keeps_what_was_typed(client, applicant, wijk, pillar):
    client.force_login(applicant)
    data = _data(wijk, pillar, toevoegen="regels", title="", iban="")
    response = client.post(reverse("fonds:apply"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not Application.objects.exists()
    assert 'name="regels-TOTAL_FORMS" value="3"' in page
    assert 'name="regels-2-description"' in page and "autofocus" in page
    assert "Vlees en groente" in page and "Voor alle buren van het plein." in page
    # An empty title is no mistake yet: no summary, no messages.
    assert "fw-error-summary" not in page and "utrecht-form-field-error-message" not in page
    # Other money gets its line the same way.
    page = client.post(reverse("fonds:apply"), _data(wijk, pillar, toevoegen="bijdragen"))
    assert 'name="bijdragen-TOTAL_FORMS" value="2"' in page.content.decode()


def test_removing_a_line_with_its_checkbox(client, applicant, wijk, pillar, fund_year):
    client.force_login(applicant)
    data = _data(wijk, pillar, opslaan="1", **{"regels-1-DELETE": "on"})
    assert client.post(reverse("fonds:apply"), data).status_code == 302
    application = Application.objects.get()
    assert list(application.budget_lines.values_list("description", flat=True)) == [
        "Vlees en groente"
    ]
    assert application.amount_requested == Decimal("350.00")


def test_what_a_submission_needs_is_marked(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("fonds:apply")).content.decode()
    for label in ("IBAN", "Omschrijving", "Pijler"):
        pattern = rf"{label}[^<]*<span class=\"fw-required\">\(verplicht om in te dienen\)"
        assert re.search(pattern, page, re.I), label


def test_an_empty_iban_and_a_wrong_one_get_their_own_message(
    client, applicant, wijk, pillar, fund_year
):
    client.force_login(applicant)
    page = client.post(reverse("fonds:apply"), _data(wijk, pillar, iban="", indienen="1"))
    assert "Vul het IBAN in" in page.content.decode()
    assert "klopt niet" not in page.content.decode()
    Application.objects.all().delete()
    page = client.post(
        reverse("fonds:apply"), _data(wijk, pillar, iban="NL92 ABNA 0417 1643 00", opslaan="1")
    ).content.decode()
    assert "Dit IBAN klopt niet: de controlecijfers kloppen niet" in page


def test_iban_messages_per_kind():
    from django.core.exceptions import ValidationError

    cases = {
        "NL91 ABNA 0417 1643": "het heeft 16 tekens; een Nederlands IBAN heeft er 18",
        "XX91 ABNA 0417 1643 00": "landcode",
        "DE89 3704 0044 0532 0130": "past niet bij het land",
        "NL91 ABNA 0417 1643 01": "controlecijfers",
    }
    for value, words in cases.items():
        with pytest.raises(ValidationError) as caught:
            services.clean_iban(value)
        assert words in caught.value.messages[0], value
    assert services.clean_iban("nl91abna0417164300") == "NL91ABNA0417164300"


def test_the_error_summary_counts_and_links_to_each_field(client, applicant, wijk, pillar):
    client.force_login(applicant)
    data = _data(wijk, pillar, opslaan="1", title="", iban="NL00 0000")
    data["regels-1-amount"] = "veel"
    response = client.post(reverse("fonds:apply"), data)
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="fw-error-summary".*?</div>', page, re.S).group(0)
    assert 'tabindex="-1"' in summary and "Er zijn 3 fouten" in summary
    assert 'href="#id_title"' in summary and 'href="#id_iban"' in summary
    assert 'href="#id_regels-1-amount"' in summary and "Kosten, regel 2" in summary
    # The summary comes before the form's fields; each field keeps its own message.
    assert page.index("fw-error-summary") < page.index('name="title"')
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_title"', page) or re.search(
        r'<input[^>]*id="id_title"[^>]*aria-invalid="true"', page
    )
    assert 'aria-describedby="id_iban_helptext id_iban_error"' in page
    assert "error-summary.js" in page


def test_every_form_of_the_site_gets_the_summary(client):
    """The shared form template carries it: here the sign-in form."""
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    page = response.content.decode()
    assert "fw-error-summary" in page and "Er is 1 fout" in page
