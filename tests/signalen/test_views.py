"""The pages of meldingen against every kind of person, the resident's form with good and
bad input, Mijn meldingen, and the staff's queue and melding page with their query
counts and actions."""

import re

import pytest
from django.urls import reverse

from portal.models import Notification
from signalen import services
from signalen.models import Melding, MeldingPhoto, MeldingStatus, MeldingUpdate, Referral
from tests.portal.factories import UserFactory

from .conftest import png_upload, staff_client

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND, ADMIN_REFUSED = "ok", "login", "404", "admin-refused"

PEOPLE = [
    "anonymous",
    "resident",
    "other_resident",
    "hwz_moderator",
    "other_wijkbeheerder",
    "wijkbeheerder",
    "coordinator",
]


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location or "/admin/login/" in location:
            return LOGIN
        if location == "/admin/":
            return ADMIN_REFUSED
    return f"{response.status_code} {response.get('Location', '')}"


def sign_in(client, user):
    if user is None:
        return client
    if user.groups.exclude(name="huurder").exists():
        return staff_client(client, user)
    client.force_login(user)
    return client


@pytest.fixture
def melding(make_melding):
    from .conftest import clean_photo

    return make_melding(photos=[clean_photo()])


@pytest.fixture
def pages(melding):
    photo = MeldingPhoto.objects.get(melding=melding)
    return {
        "mine_detail": reverse("signalen:mine_detail", args=[melding.reference]),
        "mine_detail_by_pk": f"/mijn/meldingen/{melding.pk}/",
        "sent": reverse("signalen:sent", args=[melding.reference]),
        "photo": reverse("signalen:photo", args=[photo.pk]),
        "admin_detail": reverse("signalen_meldingen:detail", args=[melding.pk]),
        "admin_queue": reverse("signalen_meldingen:index"),
    }


EXPECTED = {
    "mine_detail": {"anonymous": LOGIN, "resident": OK},
    "mine_detail_by_pk": {"anonymous": LOGIN},  # no melding has its pk as reference
    "sent": {"resident": OK},
    "photo": {"resident": OK, "wijkbeheerder": OK, "coordinator": OK},
    "admin_detail": {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "other_resident": LOGIN,
        "hwz_moderator": ADMIN_REFUSED,
        "other_wijkbeheerder": NOT_FOUND,
        "wijkbeheerder": OK,
        "coordinator": OK,
    },
    "admin_queue": {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "other_resident": LOGIN,
        "hwz_moderator": ADMIN_REFUSED,
        "other_wijkbeheerder": OK,  # their own (empty) queue
        "wijkbeheerder": OK,
        "coordinator": OK,
    },
}


@pytest.mark.parametrize("person", PEOPLE)
def test_who_reaches_which_page(client, request, pages, melding, person):
    user = None if person == "anonymous" else request.getfixturevalue(person)
    sign_in(client, user)
    found = {}
    for name, url in pages.items():
        found[name] = (outcome(client.get(url)), EXPECTED[name].get(person, NOT_FOUND))
    wrong = {name: got for name, got in found.items() if got[0] != got[1]}
    assert not wrong, f"{person}: (got, expected) {wrong}"
    if person == "other_wijkbeheerder":
        assert melding.reference not in client.get(pages["admin_queue"]).content.decode()


@pytest.mark.parametrize("person", ["other_resident", "hwz_moderator", "other_wijkbeheerder"])
def test_actions_refuse_outsiders(client, request, melding, person):
    sign_in(client, request.getfixturevalue(person))
    for name in ("acknowledge", "note", "close"):
        url = reverse("signalen_meldingen:action", args=[melding.pk, name])
        client.post(url, {"text": "x", "outcome": "opgelost"})
    client.post(reverse("signalen_meldingen:acknowledge_many"), {"ids": [melding.pk]})
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert not MeldingUpdate.objects.filter(kind="note").exists()


# --- the resident's form --------------------------------------------------------------


def form_data(wijk, **extra):
    data = {
        "signal_type": "kapot",
        "wijk": wijk.pk,
        "address": "Lindelaan 14",
        "description": "De buitenlamp van het portiek is kapot.",
        "may_contact": "on",
    }
    data.update(extra)
    return data


def test_a_resident_reports_with_a_photo_and_sees_reference_and_dates(client, resident, wijk):
    client.force_login(resident)
    response = client.get(reverse("signalen:new"))
    assert response.status_code == 200
    assert "anoniem" not in response.content.decode()
    data = form_data(wijk, photos=[png_upload()])
    response = client.post(reverse("signalen:new"), data, follow=True)
    assert response.status_code == 200
    melding = Melding.objects.get()
    assert melding.reporter == resident and melding.may_contact
    assert melding.photos.count() == 1
    page = response.content.decode()
    assert melding.reference in page
    # Dutch dates written out: "donderdag 26 november 2026".
    assert re.search(
        r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} \w+ \d{4}", page
    )
    assert Notification.objects.filter(recipient=resident, event="melding").exists()


def test_english_form_and_confirmation(client, resident, wijk):
    client.force_login(resident)
    response = client.get("/en/melden/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_an_anonymous_melding_is_told_it_gets_no_feedback(client, wijk):
    response = client.get(reverse("signalen:new"))
    page = response.content.decode()
    assert "anoniem" in page and "may_contact" not in page
    response = client.post(reverse("signalen:new"), form_data(wijk), follow=True)
    melding = Melding.objects.get()
    assert melding.reporter is None and not melding.may_contact
    assert melding.reference in response.content.decode()
    # Another visitor (another session) cannot read the confirmation.
    client.logout()
    client.cookies.clear()
    assert client.get(reverse("signalen:sent", args=[melding.reference])).status_code == 404


def test_the_honeypot_and_the_rate_limit(client, wijk, settings):
    client.post(reverse("signalen:new"), form_data(wijk, website_url="http://spam"))
    assert not Melding.objects.exists()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "melding_submit": {"ip": "1/h"}}
    from django.core.cache import cache

    cache.clear()
    client.post(reverse("signalen:new"), form_data(wijk))
    response = client.post(reverse("signalen:new"), form_data(wijk))
    assert response.status_code == 429
    assert "Probeer het morgen opnieuw" in response.content.decode()
    assert Melding.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wijk": "", "address": "", "place_description": ""}, "Vertel ons waar het is"),
        ({"description": ""}, "Vertel ons wat er aan de hand is"),
        ({"description": "\x00\x00"}, "Null-tekens zijn niet toegestaan"),
        ({"description": "x" * 6000}, "niet meer dan 5000 tekens"),
        ({"signal_type": "brand"}, "geen beschikbare keuze"),
        ({"wijk": "99999999999999999999999"}, "Deze keuze is niet beschikbaar"),
        ({"address": "Straat 1\nBcc: x@y.z"}, "één regel"),
        ({"contact_phone": "<script>"}, "telefoonnummer"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(
    client, resident, wijk, change, message
):
    client.force_login(resident)
    data = form_data(wijk, place_description="Achter de flat <b>hier</b>")
    data.update(change)
    if "description" not in change:
        data["description"] = "Iets <script>alert(1)</script> kapot"
    response = client.post(reverse("signalen:new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', page, re.S)
    assert message in page, errors
    assert "<script>alert(1)</script>" not in page
    if "description" not in change:
        assert "Iets &lt;script&gt;alert(1)&lt;/script&gt; kapot" in page
    assert not Melding.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, resident, wijk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(reverse("signalen:new"), form_data(wijk, photos=[fake]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "geen foto" in page and "De buitenlamp van het portiek is kapot." in page
    assert not Melding.objects.exists()


def test_script_payloads_are_kept_as_text(client, resident, wijk, wijkbeheerder):
    client.force_login(resident)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(reverse("signalen:new"), form_data(wijk, description=payload))
    melding = Melding.objects.get()
    assert melding.description == payload
    page = client.get(reverse("signalen:mine_detail", args=[melding.reference])).content.decode()
    assert payload not in page and "&lt;script&gt;" in page
    staff_client(client, wijkbeheerder)
    page = client.get(reverse("signalen_meldingen:detail", args=[melding.pk])).content.decode()
    assert payload not in page


# --- Mijn meldingen -------------------------------------------------------------------


def test_mine_shows_feedback_but_never_internal_notes(
    client, resident, other_resident, make_melding, wijkbeheerder
):
    melding = make_melding()
    make_melding(reporter=other_resident, description="Van iemand anders")
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    services.melding_note(melding=melding, user=wijkbeheerder, text="GEHEIM intern")
    services.melding_feedback(melding=melding, user=wijkbeheerder, text="De lamp is vervangen.")
    client.force_login(resident)
    listing = client.get(reverse("signalen:mine")).content.decode()
    assert melding.reference in listing and "Van iemand anders" not in listing
    page = client.get(reverse("signalen:mine_detail", args=[melding.reference])).content.decode()
    assert "De lamp is vervangen." in page and "GEHEIM" not in page
    assert "None" not in page
    overview = client.get(reverse("my_overview")).content.decode()
    assert "Mijn meldingen" in overview and melding.reference in overview


def test_mine_detail_query_count_is_flat(
    client, resident, make_melding, wijkbeheerder, django_assert_max_num_queries
):
    melding = make_melding()
    services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    for n in range(6):
        services.melding_note(melding=melding, user=wijkbeheerder, text=f"n{n}")
        Melding.objects.filter(pk=melding.pk).update(status="bevestigd")
    client.force_login(resident)
    url = reverse("signalen:mine_detail", args=[melding.reference])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


# --- the staff side -------------------------------------------------------------------


def test_queue_query_count_is_flat_with_data(
    client, make_melding, wijkbeheerder, resident, django_assert_max_num_queries
):
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:index")
    make_melding()
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _n in range(12):
        melding = make_melding()
        services.melding_assign(melding=melding, user=wijkbeheerder, assignee=wijkbeheerder)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-melding=") == 13


def test_queue_filters(client, make_melding, wijkbeheerder, sociaal_beheerder):
    first = make_melding(signal_type="groen")
    second = make_melding(signal_type="kapot")
    services.melding_assign(melding=second, user=wijkbeheerder, assignee=wijkbeheerder)
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:index")

    def shown(**params):
        page = client.get(url, params).content.decode()
        return {m for m in (first.reference, second.reference) if m in page}

    assert shown() == {first.reference, second.reference}
    assert shown(type="groen") == {first.reference}
    assert shown(mine="1") == {second.reference}
    assert shown(status="in_behandeling") == {second.reference}
    assert shown(overdue="1") == set()
    assert shown(status="<script>", wijk="abc", type="\x00") == {first.reference, second.reference}


def test_bulk_acknowledgement_is_idempotent(client, make_melding, wijkbeheerder, resident):
    meldingen = [make_melding() for _n in range(3)]
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:acknowledge_many")
    ids = [m.pk for m in meldingen]
    client.post(url, {"ids": ids})
    client.post(url, {"ids": ids})
    assert Melding.objects.filter(status="bevestigd").count() == 3
    acknowledgements = Notification.objects.filter(
        recipient=resident, title__startswith="Wij hebben uw melding"
    )
    assert acknowledgements.count() == 3
    assert MeldingUpdate.objects.filter(text="Ontvangst bevestigd").count() == 3


def test_melding_page_query_count_is_flat(
    client, make_melding, wijkbeheerder, partner, django_assert_max_num_queries
):
    from decimal import Decimal

    melding = make_melding()
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:detail", args=[melding.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    services.melding_assign(melding=melding, user=wijkbeheerder, assignee=wijkbeheerder)
    for n in range(5):
        services.melding_note(melding=melding, user=wijkbeheerder, text=f"notitie {n}")
        services.refer(subject=melding, partner=partner, user=wijkbeheerder, reason=f"r{n}")
        services.record_cost(
            subject=melding, user=wijkbeheerder, kind="overig", amount=Decimal("10")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_acknowledge_answer_and_close_through_the_page(
    client, make_melding, wijkbeheerder, resident
):
    melding = make_melding()
    staff_client(client, wijkbeheerder)

    def act(name, **data):
        return client.post(reverse("signalen_meldingen:action", args=[melding.pk, name]), data)

    assert act("acknowledge").status_code == 302
    assert act("feedback", text="").status_code == 400
    assert act("feedback", text="Wij hebben de lamp laten vervangen.").status_code == 302
    assert act("close", outcome="").status_code == 400
    assert act("close", outcome="opgelost", note="Klaar").status_code == 302
    melding.refresh_from_db()
    assert melding.status == "gesloten" and melding.outcome == "opgelost"
    assert melding.answered_in_time and melding.acknowledged_in_time
    client.force_login(resident)
    page = client.get(reverse("signalen:mine_detail", args=[melding.reference])).content.decode()
    assert "Wij hebben de lamp laten vervangen." in page


def test_refer_to_an_archived_partner_is_refused_in_the_page(
    client, make_melding, wijkbeheerder, archived_partner, partner
):
    melding = make_melding()
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:action", args=[melding.pk, "refer"])
    response = client.post(url, {"partner": archived_partner.pk, "reason": "Hulp nodig"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "gearchiveerd" in page and "Hulp nodig" in page
    assert archived_partner.name not in page.split('name="partner"')[1].split("</select>")[0]
    assert not Referral.objects.exists()
    response = client.post(url, {"partner": partner.pk, "reason": "Hulp nodig"})
    assert response.status_code == 302 and Referral.objects.count() == 1


def test_bad_input_in_staff_actions(client, make_melding, wijkbeheerder):
    melding = make_melding()
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:action", args=[melding.pk, "cost"])
    for amount in ("NaN", "1e9", "-5", "99999999999", "abc"):
        response = client.post(url, {"kind": "overig", "amount": amount})
        assert response.status_code == 400, amount
    response = client.post(
        reverse("signalen_meldingen:action", args=[melding.pk, "note"]), {"text": "\x00" * 10}
    )
    assert response.status_code == 400
    response = client.post(reverse("signalen_meldingen:action", args=[melding.pk, "nonsense"]))
    assert response.status_code == 404
    assert client.get("/admin/meldingen/99999999999999999999999/").status_code == 404


def test_dashboard_panel_for_handlers(client, make_melding, wijkbeheerder, hwz_moderator):
    import time_machine
    from django.utils import timezone

    melding = make_melding()
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7), tick=False):
        staff_client(client, wijkbeheerder)
        page = client.get("/admin/").content.decode()
        assert 'data-panel="meldingen-due"' in page and melding.reference in page
        staff_client(client, hwz_moderator)
        assert 'data-panel="meldingen-due"' not in client.get("/admin/").content.decode()


def test_home_leads_to_the_melding_form():
    from cms.demo_content import FEATURED_LINKS, FEATURED_LINKS_EN

    assert ("/melden/", "Iets melden") == FEATURED_LINKS[-1][:2]
    assert FEATURED_LINKS_EN[-1][0] == "/en/melden/"


def test_a_resident_has_the_menu_item(client):
    page = client.get(reverse("signalen:new")).content.decode()
    assert 'href="/melden/"' in page


def test_new_staff_user_other_role_sees_no_menu(client):
    redacteur = UserFactory(role="redacteur")
    staff_client(client, redacteur)
    assert client.get(reverse("signalen_meldingen:index")).status_code == 302


def test_staff_change_type_and_pillar(client, make_melding, wijkbeheerder):
    from tests.initiatieven.factories import PillarFactory

    pillar = PillarFactory()
    melding = make_melding(signal_type="anders")
    staff_client(client, wijkbeheerder)
    url = reverse("signalen_meldingen:action", args=[melding.pk, "classify"])
    assert client.post(url, {"signal_type": "brand"}).status_code == 400
    response = client.post(url, {"signal_type": "groen", "pillar": pillar.pk})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.signal_type == "groen" and melding.pillar == pillar
    assert melding.history.first().history_user == wijkbeheerder
