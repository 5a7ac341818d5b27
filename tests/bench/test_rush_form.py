"""What the write rush of the load suite sends is what the real fund form sends: the
rush reads the form the site renders (bench.webforms) and submits it; here the same
helpers against the Django test client. And the second factor the suite computes for
the demo staff is the one allauth accepts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.webforms import Forms, application_data, totp_code
from cms.management.commands.demo_totp_code import demo_totp_code
from cms.management.commands.load_demo import DEMO_TOTP_SECRET
from fonds.models import Application, FundYear, Status
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory


@pytest.mark.django_db
def test_the_rush_submits_the_real_fund_form_with_its_lines(client):
    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000.00"))
    WijkFactory()
    PillarFactory()
    resident = UserFactory(role="huurder")
    client.force_login(resident)

    page = client.get(reverse("fonds:apply"))
    form = Forms(page.content.decode()).with_field("regels-TOTAL_FORMS")
    assert form["fields"]["submission_token"]
    assert form["fields"]["csrfmiddlewaretoken"]
    data = application_data(form, title="Rush 1 bewoner nummer 1", amounts=["25,50", "40,00"])
    answer = client.post(reverse("fonds:apply"), data)

    application = Application.objects.get(title="Rush 1 bewoner nummer 1")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("fonds:mine_detail", args=[application.pk])
    assert application.status != Status.CONCEPT
    assert application.reference
    assert sorted(line.amount for line in application.budget_lines.all()) == [
        Decimal("25.50"),
        Decimal("40.00"),
    ]
    # The same submission token a second time is not a second application.
    client.post(reverse("fonds:apply"), data)
    assert Application.objects.filter(title="Rush 1 bewoner nummer 1").count() == 1


def test_forms_reads_hidden_fields_choices_and_text():
    html = """<form action="/x/"><input type="hidden" name="a" value="1">
    <select name="s"><option value="">Kies</option><option value="7">Zeven</option></select>
    <input type="radio" name="r" value="p"><input type="radio" name="r" value="q" checked>
    <textarea name="t">tekst</textarea><input type="submit" name="go" value="Ga"></form>
    <form><input name="b"></form>"""
    forms = Forms(html)
    assert forms.forms[0] == {
        "action": "/x/",
        "fields": {"a": "1", "s": "", "r": "q", "t": "tekst"},
        "options": {"s": ["7"], "r": ["p", "q"]},
    }
    assert forms.with_field("b") is forms.forms[1]
    with pytest.raises(LookupError):
        forms.with_field("c")


@pytest.mark.parametrize("moment", [0, 59, 1_790_000_000, 1_795_000_015])
def test_the_second_factor_is_the_one_allauth_computes(moment):
    assert totp_code(DEMO_TOTP_SECRET, moment) == demo_totp_code(moment)[0]
