"""`{% form_field %}` and `{% form_fields %}` (portal.templatetags.form_tags.field_html)
write out includes/field.html in Python for the fund form: the markup must be the
template's, byte for byte, for every field of the site's forms, fresh and with mistakes,
in Dutch and English, and for the awkward widgets."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from portal.templatetags.form_tags import field_html
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory
from tests.portal.test_form_renderer import Awkward, _report, site_forms

pytestmark = pytest.mark.django_db


def by_template(field) -> str:
    return render_to_string("includes/field.html", {"field": field})


def forms_of_the_site(user):
    for name, cls in site_forms():
        for data in (None, {"title": "<b>Ons & plein</b>", "amount": "12,50", "iban": "x"}):
            try:
                form = cls(data=data)
            except TypeError:
                try:
                    form = cls(data=data, user=user)
                except TypeError:  # the accountability report's form
                    form = cls(data=data, report=_report(user))
            if data is not None:
                form.is_valid()
            yield name, form


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_field_of_the_site_has_the_markup_of_the_template(language):
    WijkFactory(name="Noord & Zuid")
    PillarFactory()
    user = UserFactory(role="huurder")
    seen = set()
    with translation.override(language):
        for name, form in forms_of_the_site(user):
            for field in form.visible_fields():
                assert field_html(field) == by_template(field), (name, field.name)
                seen.add((field.use_fieldset, bool(field.errors), field.widget_type))
        for form in (Awkward(), Awkward(data={"text": "<x>", "number": "nope"})):
            form.is_valid()
            for field in form.visible_fields():
                assert field_html(field) == by_template(field), field.name
    # fieldsets (radio buttons), check boxes and fields with mistakes were among them
    assert any(fieldset for fieldset, _errors, _kind in seen)
    assert any(errors for _fieldset, errors, _kind in seen)
    assert any(kind == "checkbox" for _fieldset, _errors, kind in seen)


def test_form_fields_renders_the_named_fields_in_the_forms_order():
    from fonds.forms import ApplicationForm

    WijkFactory()
    user = UserFactory(role="huurder")
    form = ApplicationForm(data={"title": "x"}, user=user)
    form.is_valid()
    html = Template('{% load form_tags %}{% form_fields form "wijk title iban" %}').render(
        Context({"form": form})
    )
    assert html == "".join(by_template(form[name]) for name in ("title", "wijk", "iban"))
    # a field of the form not named is left out, the honeypot too
    assert 'name="description"' not in html and "website_url" not in html
