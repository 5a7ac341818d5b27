"""The site search (/zoeken/) also finds public initiatives, never private or unpublished ones."""

import pytest

from initiatieven.models import Initiative, Status

pytestmark = pytest.mark.django_db


def test_bankjes_finds_the_demo_initiative_with_wijk_and_status(client, demo):
    initiative = Initiative.objects.get(title="Bankjes bij het speelveld")
    html = client.get("/zoeken/", {"q": "bankjes"}).content.decode()
    assert "1 initiatief voor “bankjes”" in html
    assert f'href="/initiatieven/{initiative.pk}/"' in html
    assert initiative.wijk.name in html
    assert initiative.get_status_display() in html


def test_every_word_must_match_somewhere(client, demo):
    # "bankjes" is in the title, "grootouders" only in the description: both must match.
    html = client.get("/zoeken/", {"q": "bankjes grootouders"}).content.decode()
    assert "Bankjes bij het speelveld" in html
    html = client.get("/zoeken/", {"q": "bankjes zwembad"}).content.decode()
    assert "Bankjes bij het speelveld" not in html
    assert "Geen bewonersinitiatieven gevonden." in html


@pytest.mark.parametrize(
    "status",
    [Status.CONCEPT, Status.INGEDIEND, Status.TERUGGESTUURD, Status.AFGEWEZEN, Status.INGETROKKEN],
)
def test_concepts_and_unpublished_initiatives_are_never_found(client, make_initiative, status):
    make_initiative(status=status, title="Geheime picknicktafels", description="Picknicktafels.")
    html = client.get("/zoeken/", {"q": "picknicktafels"}).content.decode()
    assert "Geheime picknicktafels" not in html
    assert "0 initiatieven voor “picknicktafels”" in html


@pytest.mark.parametrize("status", [Status.GEPUBLICEERD, Status.IN_UITVOERING, Status.AFGEROND])
def test_published_statuses_are_found(client, make_initiative, status):
    make_initiative(status=status, title="Picknicktafels aan de Maas")
    html = client.get("/zoeken/", {"q": "picknicktafels"}).content.decode()
    assert "Picknicktafels aan de Maas" in html


def test_the_initiatives_group_escapes_titles_and_speaks_english(client, make_initiative):
    make_initiative(status="gepubliceerd", title="<b>Picknicktafels</b> aan de Maas")
    html = client.get("/zoeken/", {"q": "picknicktafels"}).content.decode()
    assert "1 initiatief voor “picknicktafels”" in html
    assert "&lt;b&gt;Picknicktafels&lt;/b&gt; aan de Maas" in html
    assert "<b>Picknicktafels" not in html
    html = client.get("/en/zoeken/", {"q": "picknicktafels"}).content.decode()
    assert "1 initiative for “picknicktafels”" in html
    assert "Published" in html
