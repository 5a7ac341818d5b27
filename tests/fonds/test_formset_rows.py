"""The budget formsets' rows are written out in Python (portal.templatetags.form_tags
.formset_row): the markup must be that of the template they replaced
(formset_row_template.html here), byte for byte, empty, with errors, with a row marked for
removal, for the script's template row, and in English."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, engines
from django.urls import reverse
from django.utils import translation

from fonds.forms import BudgetLineFormSet, ContributionFormSet
from fonds.models import Application, BudgetLine
from portal.templatetags.form_tags import formset_row_html
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

REFERENCE = engines["django"].from_string(
    (Path(__file__).parent / "formset_row_template.html").read_text()
)


def by_template(row, number) -> str:
    return REFERENCE.render(Context({"row": row, "number": number}, autoescape=True).flatten())


def rows(formset):
    yield formset.empty_form, "__number__"
    for number, row in enumerate(formset, start=1):
        yield row, number


def application_with_lines():
    application = Application.objects.create(
        applicant=UserFactory(role="huurder"),
        title="Straatfeest <De Linde>",
        description="Een barbecue.",
        wijk=WijkFactory(),
        pillar=PillarFactory(),
        amount_requested=Decimal("500.00"),
    )
    BudgetLine.objects.create(
        application=application, description='Huur "tent" & stoelen', amount=Decimal("250.50")
    )
    return application


@pytest.mark.parametrize("language", ["nl", "en"])
def test_rows_have_the_markup_of_the_template(language):
    application = application_with_lines()
    data = {
        "regels-TOTAL_FORMS": "3",
        "regels-INITIAL_FORMS": "1",
        "regels-0-id": str(application.budget_lines.get().pk),
        "regels-0-description": "<script>x</script>",
        "regels-0-amount": "nope",
        "regels-0-DELETE": "on",
        "regels-1-description": "Alleen een omschrijving",
        "regels-1-amount": "",
        "regels-2-description": "",
        "regels-2-amount": "-5",
        "bijdragen-TOTAL_FORMS": "1",
        "bijdragen-INITIAL_FORMS": "0",
        "bijdragen-0-source": "bestaat-niet",
        "bijdragen-0-description": "Gemeente",
        "bijdragen-0-amount": "1e400",
    }
    with translation.override(language):
        formsets = [
            BudgetLineFormSet(instance=application, prefix="regels"),
            ContributionFormSet(instance=application, prefix="bijdragen"),
            BudgetLineFormSet(instance=None, prefix="regels"),
            BudgetLineFormSet(data, instance=application, prefix="regels"),
            ContributionFormSet(data, instance=application, prefix="bijdragen"),
        ]
        compared = errors = 0
        for formset in formsets:
            if formset.is_bound:
                formset.is_valid()
            for row, number in rows(formset):
                expected = by_template(row, number)
                assert formset_row_html(row, number) == expected
                compared += 1
                errors += "utrecht-form-field-error-message" in expected
    assert compared >= 12 and errors >= 3


def test_the_fund_form_shows_the_rows(client):
    user = UserFactory(role="huurder")
    client.force_login(user)
    html = client.get(reverse("fonds:apply")).content.decode()
    assert html.count("data-formset-row") == 2 + 1 + 2  # two lines, one contribution, templates
    assert 'data-label="Omschrijving"' in html
