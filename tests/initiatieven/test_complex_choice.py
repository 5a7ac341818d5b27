"""The complex list of the initiative form follows the wijk: grouped per wijk (so two
complexes of the same name can be told apart), and only a complex of the chosen wijk
is accepted."""

import re

import pytest
from django.urls import reverse

from initiatieven.forms import InitiativeForm
from initiatieven.models import Initiative
from portal.models import Buurt, Complex

pytestmark = pytest.mark.django_db


@pytest.fixture
def complexes(wijk, other_wijk):
    here = Buurt.objects.create(wijk=wijk, code="BU09990001", name="Hier")
    there = Buurt.objects.create(wijk=other_wijk, code="BU09990002", name="Daar")
    return (
        Complex.objects.create(buurt=here, code="C-H", name="De Linde"),
        Complex.objects.create(buurt=there, code="C-D", name="De Linde", address="Lindelaan 2"),
    )


def test_complexes_are_grouped_per_wijk_with_the_wijk_on_each_option(
    client, initiator, wijk, other_wijk, complexes
):
    client.force_login(initiator)
    page = client.get(reverse("initiatieven:propose")).content.decode()
    select = re.search(r'<select name="complex".*?</select>', page, re.S).group(0)
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S))
    assert set(groups) == {wijk.name, other_wijk.name}
    here, there = complexes
    assert f'value="{here.pk}" data-wijk="{wijk.pk}"' in groups[wijk.name]
    assert f'value="{there.pk}" data-wijk="{other_wijk.pk}"' in groups[other_wijk.name]
    assert "De Linde (Lindelaan 2)" in groups[other_wijk.name]
    assert "complex-by-wijk.js" in page


def test_only_a_complex_of_the_chosen_wijk_is_accepted(client, initiator, wijk, complexes):
    here, there = complexes
    form = InitiativeForm(data={"title": "Een goed idee", "wijk": wijk.pk, "complex": there.pk})
    assert not form.is_valid()
    assert form.errors["complex"] == ["Dit complex ligt niet in de gekozen wijk."]
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:propose"),
        {"title": "Een goed idee", "wijk": wijk.pk, "complex": here.pk, "concept": "1"},
    )
    assert response.status_code == 302
    assert Initiative.objects.get().complex == here


def test_an_unknown_complex_gets_a_dutch_message(initiator, wijk, complexes):
    form = InitiativeForm(data={"title": "Een goed idee", "wijk": wijk.pk, "complex": "999999"})
    assert not form.is_valid()
    assert "geen geldige keuze" in form.errors["complex"][0] or "Selecteer" in str(
        form.errors["complex"]
    )
