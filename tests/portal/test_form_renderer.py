"""portal.form_renderer writes the common widgets out in Python: its markup must be the
markup of Django's own widget templates, byte for byte, on every form of the site and on
the awkward cases (escaping, values already safe, booleans, groups of options)."""

import datetime as dt
import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from portal.form_renderer import FormRenderer
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

TEMPLATES, PYTHON = DjangoTemplates(), FormRenderer()


def both(form) -> tuple[str, str]:
    form.renderer = TEMPLATES
    by_templates = str(form)
    form.renderer = PYTHON
    return by_templates, str(form)


def site_forms():
    for module_name in ("portal.forms", "cms.forms", "fonds.forms", "initiatieven.forms"):
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield name, cls


def _report(user):
    """A granted application with a budget line and its accountability report."""
    from decimal import Decimal as D

    from django.utils import timezone

    from fonds.models import AccountabilityReport, Application, BudgetLine, ReportCost
    from portal.models import Wijk

    application = Application.objects.create(
        applicant=user, title="Ons & plein", wijk=Wijk.objects.first(), status="toegekend"
    )
    line = BudgetLine.objects.create(
        application=application, description="<b>Huur</b>", amount=D("50")
    )
    report = AccountabilityReport.objects.create(
        application=application, due_date=timezone.localdate()
    )
    ReportCost.objects.create(report=report, description="Koffie & thee", amount=D("4.50"))
    ReportCost.objects.create(report=report, budget_line=line, description="Huur", amount=D("45"))
    return report


def test_the_site_renders_widgets_with_this_renderer():
    assert settings.FORM_RENDERER == "portal.form_renderer.FormRenderer"


def test_every_form_of_the_site_has_the_same_markup_empty_and_with_errors():
    WijkFactory(name="Noord & Zuid")
    PillarFactory()
    user = UserFactory(role="huurder")
    compared = set()
    for name, cls in site_forms():
        for data in (None, {"title": "<b>Ons & plein</b>", "amount": "12,50"}):
            try:
                form = cls(data=data)
            except TypeError:
                try:
                    form = cls(data=data, user=user)
                except TypeError:  # the accountability report's form (w5-report)
                    form = cls(data=data, report=_report(user))
            if data is not None:
                form.is_valid()
            by_templates, by_python = both(form)
            assert by_python == by_templates, name
            compared.add(name)
    assert {"ApplicationForm", "BudgetLineForm", "InitiativeForm", "ReportForm"} <= compared


class Awkward(forms.Form):
    text = forms.CharField(
        initial=mark_safe("<i>al veilig</i>"),
        widget=forms.TextInput(attrs={"data-x": 'a"b<c>&', "required": True, "hidden": False}),
    )
    plain = forms.CharField(initial='"<script>" & zo')
    number = forms.DecimalField(
        initial=Decimal("1234.50"), widget=forms.NumberInput(attrs={"step": 0})
    )
    moment = forms.DateField(
        initial=dt.date(2026, 3, 11), widget=forms.DateInput(attrs={"type": "date"})
    )
    check = forms.BooleanField(initial=True, required=False)
    hidden = forms.CharField(initial=0, widget=forms.HiddenInput)
    story = forms.CharField(initial="Regel 1\n<Regel 2>", widget=forms.Textarea(attrs={"rows": 3}))
    empty_story = forms.CharField(required=False, widget=forms.Textarea)
    choice = forms.ChoiceField(
        initial="b",
        choices=[
            ("", "---"),
            ("Groep <1>", [("a", "A & a"), ("b", 2026)]),
            ("c", mark_safe("<em>C</em>")),
        ],
    )
    many = forms.MultipleChoiceField(
        initial=["x", "z"], choices=[("x", "X"), ("y", "Y"), ("z", "Z")]
    )
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    grouped_radio = forms.ChoiceField(
        initial="b",
        choices=[("Groep <1>", [("a", "A & a"), ("b", 2026)]), ("c", mark_safe("<em>C</em>"))],
        widget=forms.RadioSelect(attrs={"class": "fw-radio", "data-x": '"'}),
    )
    boxes = forms.MultipleChoiceField(
        initial=["x"],
        choices=[("x", "X <1>"), ("y", "Y & y")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    no_id_radio = forms.ChoiceField(
        choices=[("1", "Een")], widget=forms.RadioSelect(attrs={"id": ""}), required=False
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_awkward_values_have_the_same_markup(language):
    from django.utils import translation

    with translation.override(language):
        by_templates, by_python = both(Awkward())
        assert by_python == by_templates
        bound = Awkward(
            data={
                "text": "<x>",
                "number": "nope",
                "many": ["y"],
                "choice": "zz",
                "grouped_radio": "<c>",
                "boxes": ["y", "q"],
            }
        )
        bound.is_valid()
        by_templates, by_python = both(bound)
        assert by_python == by_templates
