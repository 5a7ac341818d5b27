"""`{% budget_formset %}` (portal.templatetags.form_tags.formset_html) writes out
fonds/includes/formset.html in Python for the fund form: the markup must be the
template's, byte for byte: fresh, with stored lines, with mistakes in rows, too many rows,
a tampered management form, the service's budget mistakes, in Dutch and English."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from fonds.forms import BudgetLineFormSet, ContributionFormSet
from portal.templatetags.form_tags import formset_html
from tests.fonds.test_formset_rows import application_with_lines

pytestmark = pytest.mark.django_db


def by_template(formset, caption, add_label, **extra) -> str:
    context = {"formset": formset, "caption": caption, "add_label": add_label, **extra}
    return render_to_string("fonds/includes/formset.html", context)


def formsets(application):
    pk = str(application.budget_lines.get().pk)
    yield BudgetLineFormSet(prefix="regels")
    yield BudgetLineFormSet(instance=application, prefix="regels")
    yield ContributionFormSet(instance=application, prefix="bijdragen")
    rows = {
        "regels-TOTAL_FORMS": "3",
        "regels-INITIAL_FORMS": "1",
        "regels-0-id": pk,
        "regels-0-description": "<script>x</script>",
        "regels-0-amount": "nope",
        "regels-1-description": "Koffie & thee",
        "regels-1-amount": "12,50",
        "regels-1-DELETE": "on",
    }
    yield BudgetLineFormSet(rows, instance=application, prefix="regels")
    too_many = {**rows, "regels-TOTAL_FORMS": "40"}
    yield BudgetLineFormSet(too_many, instance=application, prefix="regels")
    tampered = {k: v for k, v in rows.items() if k != "regels-TOTAL_FORMS"}
    yield BudgetLineFormSet(tampered, instance=application, prefix="regels")
    yield ContributionFormSet(
        {"bijdragen-TOTAL_FORMS": "1", "bijdragen-INITIAL_FORMS": "0", "bijdragen-0-amount": "-5"},
        prefix="bijdragen",
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_block_has_the_markup_of_the_template(language):
    application = application_with_lines()
    compared = 0
    with translation.override(language):
        for formset in formsets(application):
            formset.is_valid()
            variants = [
                {},
                {"anchor": "kosten", "errors": [("kosten", "Tel de <kosten> op & zo")]},
                {"add_class": "button button-secondary button-small"},
            ]
            for extra in variants:
                expected = by_template(formset, "Kosten & <zo>", "Regel toevoegen", **extra)
                html = formset_html(formset, "Kosten & <zo>", "Regel toevoegen", **extra)
                assert html == expected, (formset.prefix, extra)
                compared += 1
    assert compared == 21
