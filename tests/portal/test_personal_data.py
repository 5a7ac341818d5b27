"""The resident's own data (AVG article 15): the download holds every kind of record of
that resident and nothing of anyone else, costs a flat number of queries, and nobody can
download someone else's file."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from portal.personal_data import HOOK, check_parts, export_data, parts

from .factories import UserFactory
from .personal_data_world import build_world

pytestmark = pytest.mark.django_db

URL = "/mijn/gegevens/download/"

# Every kind of record the world gives a resident, per part.
EXPECTED_KINDS = {
    "account": {"account", "e-mailadres", "bericht", "maatregel"},
    "initiatieven": {
        "initiatief",
        "foto",
        "voortgangsbericht",
        "steunbetuiging",
        "reactie",
        "melding_van_misbruik",
        "uitnodiging",
    },
    "contactformulier": {"contactformulier"},
    "fonds": {"aanvraag", "begrotingsregel", "bijdrage", "bijlage", "vraag", "brief", "contact"},
}


def download(client, user) -> tuple[object, dict]:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response, json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_file_holds_everything_of_the_resident_and_nothing_of_the_neighbour(client):
    world = build_world()
    anna, bram = world["anna"], world["bram"]
    response, data = download(client, anna.user)
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert response["Content-Type"].startswith("application/json")
    assert data["header"]["format"] == "fijnewijk-persoonsgegevens"
    assert data["header"]["version"] == 1
    assert data["header"]["email"] == "anna@example.nl"
    assert data["header"]["generated_at"]
    for key, kinds in EXPECTED_KINDS.items():
        assert {item["type"] for item in data[key]} >= kinds, key
    text = json.dumps(data, ensure_ascii=False)
    for string in anna.strings:
        assert string in text, string
    for string in bram.strings:
        assert string not in text, string
    # Never the secrets of a password or an authenticator.
    assert "pbkdf2" not in text and "password" not in text
    assert "medewerker@example.nl" not in text


def test_an_authenticator_is_listed_without_its_secret(client):
    from .factories import TOTP_SECRET, with_two_factor

    person = with_two_factor(UserFactory(role="huurder"))
    _response, data = download(client, person)
    kinds = [item for item in data["account"] if item["type"] == "tweestapsverificatie"]
    assert [k["kind"] for k in kinds] == ["totp"]
    assert TOTP_SECRET not in json.dumps(data)


def test_money_and_dates_are_strings(client):
    world = build_world()
    _response, data = download(client, world["anna"].user)
    application = next(i for i in data["fonds"] if i["type"] == "aanvraag" and i["granted_amount"])
    assert application["granted_amount"] == "300.00"
    assert application["submitted_at"].endswith(("+01:00", "+02:00"))  # Europe/Amsterdam


def test_the_query_count_stays_flat_with_many_records(client):
    """No query per record: twelve times the records, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .personal_data_world import fill, interact

    world = build_world()
    anna, bram = world["anna"], world["bram"]
    client.force_login(anna.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    fill(anna, other=bram, **{k: world[k] for k in ("wijk", "pillar", "year", "staff")}, many=11)
    fill(bram, other=anna, **{k: world[k] for k in ("wijk", "pillar", "year", "staff")}, many=11)
    interact(anna, bram)
    assert len(json.loads(client.get(URL).content)["initiatieven"]) > 60
    assert queries() == few
    assert few <= 40


def test_nobody_downloads_someone_elses_file(client):
    world = build_world()
    anna = world["anna"]
    # Anonymous: to the sign-in page.
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # The address holds no id, and ids added to it change nothing.
    _response, data = download(client, world["bram"].user)
    assert data["header"]["email"] == "bram@example.nl"
    for query in (f"?user={anna.user.pk}", f"?pk={anna.user.pk}&id={anna.user.pk}"):
        text = client.get(URL + query).content.decode()
        assert "anna@example.nl" not in text and "VoornaamAnna" not in text
    assert client.get(f"/mijn/gegevens/download/{anna.user.pk}/").status_code == 404
    # Staff with two-factor authentication download their own (near-empty) file only.
    _response, data = download(client, world["staff"])
    text = json.dumps(data)
    assert "medewerker@example.nl" in text and "anna@example.nl" not in text


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    staff = UserFactory(role="coordinator", two_factor=False)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 302 and "/totp/" in response["Location"]


# The registry --------------------------------------------------------------------------


def _part(key="extra", **overrides):
    part = {"key": key, "label": "Extra", "export": lambda user: [], "erase": lambda user: 0}
    part.update(overrides)
    return lambda: part


def test_every_app_of_main_registers_its_part():
    assert sorted(part.key for part in parts()) == [
        "account",
        "bewonersgroepen",
        "contactformulier",
        "fonds",
        "initiatieven",
        "meldingen",
    ]
    assert check_parts() == []


@pytest.mark.parametrize(
    "bad",
    [
        {"key": "fonds"},  # a key registered twice
        {"export": None},
        {"erase": "not a function"},
        {"key": "header"},
        {"key": "met spatie"},
        {"label": ""},
        {"models": ["no model"]},
    ],
)
def test_a_malformed_part_fails_loudly(bad):
    with hooks.register_temporarily(HOOK, _part(**bad)):
        with pytest.raises(ImproperlyConfigured):
            parts()
        errors = check_parts()
        assert [e.id for e in errors] == ["portal.E101"]
        with pytest.raises(ImproperlyConfigured):
            export_data(UserFactory())


def test_a_new_part_lands_in_the_file(client):
    person = UserFactory(role="huurder")
    export = lambda user: [{"type": "extra", "who": user.email}]  # noqa: E731
    with hooks.register_temporarily(HOOK, _part(export=export)):
        _response, data = download(client, person)
    assert data["extra"] == [{"type": "extra", "who": person.email}]
