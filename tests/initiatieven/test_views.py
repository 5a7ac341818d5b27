"""The resident pages: who sees and does what (a matrix of people × pages), bad input,
and that nothing typed is lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatieven import services
from initiatieven.models import Comment, Initiative, Status

from .factories import UserFactory, jpeg_upload

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anonymous",
    "resident",
    "initiator",
    "co_initiator",
    "moderator",
    "other_moderator",
    "staff",
]


def _login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


# Who may read an initiative in each status (200), and who gets a 404 as if it did not exist.
READERS = {
    # A concept is the team's own until submitted (tests/initiatieven/test_concept_privacy.py).
    Status.CONCEPT: {"initiator", "co_initiator"},
    Status.INGEDIEND: {"initiator", "co_initiator", "moderator", "staff"},
    Status.TERUGGESTUURD: {"initiator", "co_initiator", "moderator", "staff"},
    Status.AFGEWEZEN: {"initiator", "co_initiator", "moderator", "staff"},
    # The factory's withdrawn initiative was never submitted: still a private concept.
    Status.INGETROKKEN: {"initiator", "co_initiator"},
    Status.GEPUBLICEERD: set(PEOPLE),
    Status.IN_UITVOERING: set(PEOPLE),
    Status.AFGEROND: set(PEOPLE),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("status", list(READERS))
def test_detail_visibility(client, request, make_initiative, who, status):
    initiative = make_initiative(status=status)
    _login(client, request, who)
    response = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    assert response.status_code == (200 if who in READERS[status] else 404)


EDITORS = {"initiator", "co_initiator"}


@pytest.mark.parametrize("who", PEOPLE)
def test_edit_a_draft_only_by_the_team(client, request, make_initiative, who):
    initiative = make_initiative(status=Status.CONCEPT)
    _login(client, request, who)
    url = reverse("initiatieven:edit", args=[initiative.pk])
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in EDITORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    if who not in EDITORS:
        client.post(url, {"title": "Overgenomen!", "wijk": initiative.wijk_id, "concept": "1"})
        initiative.refresh_from_db()
        assert initiative.title != "Overgenomen!"


def test_a_resident_cannot_find_another_residents_draft_by_number(
    client, make_initiative, resident
):
    initiative = make_initiative(status=Status.CONCEPT)
    client.force_login(resident)
    for name in ("detail", "edit", "update", "invite"):
        response = client.get(reverse(f"initiatieven:{name}", args=[initiative.pk]))
        assert response.status_code == 404, name
    for name in ("submit", "withdraw"):
        response = client.post(reverse("initiatieven:transition", args=[initiative.pk, name]))
        assert response.status_code == 404
    response = client.post(reverse("initiatieven:support", args=[initiative.pk]))
    assert response.status_code == 404
    response = client.post(reverse("initiatieven:comment", args=[initiative.pk]), {"body": "Hoi"})
    assert response.status_code == 404
    initiative.refresh_from_db()
    assert initiative.status == Status.CONCEPT


@pytest.mark.parametrize("who", PEOPLE)
def test_team_pages_only_for_the_team(client, request, make_initiative, who):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    _login(client, request, who)
    update = client.get(reverse("initiatieven:update", args=[initiative.pk]))
    invite = client.get(reverse("initiatieven:invite", args=[initiative.pk]))
    if who == "anonymous":
        assert update.status_code == invite.status_code == 302
    else:
        assert update.status_code == (200 if who in EDITORS else 404)
        assert invite.status_code == (200 if who == "initiator" else 404)


def test_propose_save_draft_return_and_submit(client, initiator, wijk, pillar):
    client.force_login(initiator)
    response = client.get(reverse("initiatieven:propose"))
    assert response.status_code == 200
    response = client.post(
        reverse("initiatieven:propose"),
        {
            "title": "Moestuin bij de flat",
            "wijk": wijk.pk,
            "concept": "1",
            "photos": [jpeg_upload()],
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatieven:edit", args=[initiative.pk])
    assert initiative.status == Status.CONCEPT and initiative.photos.count() == 1
    # Mijn overzicht lists the draft with a link to carry on.
    overview = client.get("/mijn/")
    assert "Moestuin bij de flat" in overview.content.decode()
    assert reverse("initiatieven:edit", args=[initiative.pk]) in overview.content.decode()
    # Submitting an incomplete proposal: messages beside the fields, nothing lost.
    response = client.post(
        reverse("initiatieven:edit", args=[initiative.pk]),
        {"title": "Moestuin bij de flat", "wijk": wijk.pk, "needs": "Aarde", "indienen": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit is een verplicht veld." in page
    assert "Aarde</textarea>" in page
    initiative.refresh_from_db()
    assert initiative.status == Status.CONCEPT
    response = client.post(
        reverse("initiatieven:edit", args=[initiative.pk]),
        {
            "title": "Moestuin bij de flat",
            "wijk": wijk.pk,
            "pillar": pillar.pk,
            "description": "Groente kweken met de buren.",
            "needs": "Aarde",
            "estimated_cost": "1250,50",
            "indienen": "1",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.INGEDIEND
    assert str(initiative.estimated_cost) == "1250.50"
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "€\xa01.250,50" in page
    # Once submitted, it can no longer be edited.
    response = client.get(reverse("initiatieven:edit", args=[initiative.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Dit is een verplicht veld."),
        ("title", "x" * 121, "120 teken"),
        ("estimated_cost", "-5", "De kosten kunnen niet negatief zijn."),
        ("estimated_cost", "veel", "Vul een bedrag in euro"),
        ("estimated_cost", "99999999", "1.000.000"),
        ("description", "x" * 5001, "5000 teken"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_the_rest(
    client, initiator, wijk, field, value, message
):
    client.force_login(initiator)
    data = {"title": "Een goed idee", "wijk": wijk.pk, "needs": "Wat hulp", "concept": "1"}
    data[field] = value
    response = client.post(reverse("initiatieven:propose"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Wat hulp</textarea>" in page
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg"),
            "geen foto",
        ),
        (
            SimpleUploadedFile("doc.pdf", b"%PDF-1.4 hello", content_type="application/pdf"),
            "geen foto",
        ),
        (
            SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml"),
            "geen foto",
        ),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, initiator, wijk, upload, message):
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:propose"),
        {
            "title": "Een goed idee",
            "wijk": wijk.pk,
            "description": "Mijn tekst",
            "concept": "1",
            "photos": [upload],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Mijn tekst</textarea>" in page
    assert not Initiative.objects.exists()


def test_a_photo_that_is_too_large_is_refused(client, initiator, wijk, settings):
    settings.PHOTO_MAX_UPLOAD_SIZE = 1000
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:propose"),
        {
            "title": "Een goed idee",
            "wijk": wijk.pk,
            "concept": "1",
            "photos": [jpeg_upload(size=(1200, 900))],
        },
    )
    assert response.status_code == 400
    assert "te groot" in response.content.decode()


def test_complex_must_lie_in_the_wijk(client, initiator, wijk, other_wijk):
    from portal.models import Buurt, Complex

    buurt = Buurt.objects.create(wijk=other_wijk, code="BU09990101", name="Elders")
    complex_ = Complex.objects.create(buurt=buurt, code="C1", name="Flat Elders")
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:propose"),
        {"title": "Een goed idee", "wijk": wijk.pk, "complex": complex_.pk, "concept": "1"},
    )
    assert response.status_code == 400
    assert "niet in de gekozen wijk" in response.content.decode()


def test_script_in_any_text_is_shown_as_text(client, initiator, resident, wijk, pillar, moderator):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.force_login(initiator)
    client.post(
        reverse("initiatieven:propose"),
        {
            "title": "Titel " + payload,
            "wijk": wijk.pk,
            "pillar": pillar.pk,
            "description": payload,
            "needs": payload,
            "indienen": "1",
        },
    )
    initiative = Initiative.objects.get()
    services.initiative_transition(initiative=initiative, name="publish", user=moderator)
    client.force_login(resident)
    client.post(reverse("initiatieven:comment", args=[initiative.pk]), {"body": payload})
    for url in (initiative.get_absolute_url(), reverse("initiatieven:overview"), "/mijn/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    assert "&lt;script&gt;" in client.get(initiative.get_absolute_url()).content.decode()


def test_support_twice_and_withdraw_through_the_page(client, make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    url = reverse("initiatieven:support", args=[initiative.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "U steunt dit initiatief al." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.support_count == 1
    client.post(url, {"action": "withdraw"})
    initiative.refresh_from_db()
    assert initiative.support_count == 0


def test_support_needs_a_login(client, make_initiative):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    response = client.post(reverse("initiatieven:support", args=[initiative.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_comment_on_a_rejected_initiative_is_refused(client, make_initiative, initiator):
    initiative = make_initiative(status=Status.AFGEWEZEN)
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:comment", args=[initiative.pk]), {"body": "Jammer"}
    )
    assert response.status_code in (400, 429)
    assert "niet reageren" in response.content.decode()
    assert not Comment.objects.exists()


def test_empty_comment_keeps_the_form(client, make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    response = client.post(reverse("initiatieven:comment", args=[initiative.pk]), {"body": "  "})
    assert response.status_code == 400
    assert "Dit is een verplicht veld." in response.content.decode()


def test_honeypot_stores_nothing(client, make_initiative, resident, initiator, wijk):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    client.post(
        reverse("initiatieven:comment", args=[initiative.pk]),
        {"body": "Koop nu!", "website_url": "http://spam.example"},
    )
    assert not Comment.objects.exists()
    client.force_login(initiator)
    client.post(
        reverse("initiatieven:propose"),
        {"title": "Spam spam spam", "wijk": wijk.pk, "concept": "1", "website_url": "x"},
    )
    assert Initiative.objects.count() == 1


def test_rate_limits_on_comments_and_proposals(client, make_initiative, resident, wijk, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "initiative_comment": {"user": "2/10m", "ip": "40/10m"},
        "initiative_propose": {"user": "1/d", "ip": "20/d"},
    }
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    url = reverse("initiatieven:comment", args=[initiative.pk])
    for n in range(2):
        assert client.post(url, {"body": f"Reactie {n}"}).status_code == 302
    response = client.post(url, {"body": "Nog een"})
    assert response.status_code == 429
    assert "Nog een</textarea>" in response.content.decode()
    assert Comment.objects.count() == 2
    client.post(
        reverse("initiatieven:propose"), {"title": "Eerste idee", "wijk": wijk.pk, "concept": "1"}
    )
    response = client.post(
        reverse("initiatieven:propose"), {"title": "Tweede idee", "wijk": wijk.pk, "concept": "1"}
    )
    assert response.status_code == 429
    assert Initiative.objects.filter(title="Tweede idee").count() == 0


def test_report_a_comment(client, make_initiative, resident, initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Lelijk")
    client.force_login(initiator)
    url = reverse("initiatieven:report", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 400
    assert client.post(url, {"reason": "schelden", "explanation": "Grof"}).status_code == 302
    assert comment.reports.count() == 1
    response = client.post(url, {"reason": "schelden"}, follow=True)
    assert "al gemeld" in response.content.decode()


def test_report_on_a_hidden_initiative_is_404(client, make_initiative, resident, initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=initiator, body="Hallo")
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.AFGEWEZEN)
    client.force_login(resident)
    assert client.get(reverse("initiatieven:report", args=[comment.pk])).status_code == 404


def test_hidden_comment_shows_the_reason_only_to_its_writer(
    client, make_initiative, resident, moderator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    comment = services.comment_post(initiative=initiative, user=resident, body="Grove taal hier")
    services.comment_hide(comment=comment, user=moderator, reason="Geen grove taal, aub.")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "verborgen door een moderator" in page
    assert "Grove taal hier" not in page and "Geen grove taal" not in page
    client.force_login(resident)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Geen grove taal, aub." in page and "Bericht van moderator" in page
    assert "Geen grove taal, aub." in client.get("/mijn/").content.decode()


def test_sent_back_question_is_visibly_the_moderators(
    client, make_initiative, moderator, initiator, resident
):
    initiative = make_initiative(status=Status.INGEDIEND)
    services.initiative_transition(
        initiative=initiative, name="send_back", user=moderator, reason="Welke straat bedoelt u?"
    )
    client.force_login(initiator)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Welke straat bedoelt u?" in page
    assert f"Bericht van {moderator} (HWZ-moderator)" in page
    overview = client.get("/mijn/").content.decode()
    assert "Welke straat bedoelt u?" in overview and "HWZ-moderator" in overview
    form = client.get(reverse("initiatieven:edit", args=[initiative.pk])).content.decode()
    assert "Welke straat bedoelt u?" in form and "Opnieuw indienen" in form


def test_overview_filters_search_and_pagination(client, make_initiative, wijk, other_wijk, pillar):
    for n in range(15):
        make_initiative(status=Status.GEPUBLICEERD, title=f"Speeltuin {n}")
    make_initiative(status=Status.GEPUBLICEERD, title="Bloembakken", wijk=other_wijk)
    make_initiative(status=Status.INGEDIEND, title="Geheim plan")
    page = client.get(reverse("initiatieven:overview")).content.decode()
    assert "16 initiatieven" in page and "Geheim plan" not in page
    assert "Pagina 1 van 2" in page
    page = client.get(reverse("initiatieven:overview"), {"q": "bloem"}).content.decode()
    assert "1 initiatief" in page and "Bloembakken" in page
    page = client.get(reverse("initiatieven:overview"), {"wijk": other_wijk.pk}).content.decode()
    assert "Bloembakken" in page and "Speeltuin" not in page
    page = client.get(reverse("initiatieven:overview"), {"status": "ingediend"}).content.decode()
    assert "Geheim plan" not in page  # not a public status: the filter is ignored
    page = client.get(
        reverse("initiatieven:overview"), {"pagina": "2", "wijk": wijk.pk}
    ).content.decode()
    assert "Pagina 2 van 2" in page
    for odd in ({"pagina": "abc"}, {"wijk": "999999"}, {"pillar": "x"}, {"sort": "'; drop"}):
        assert client.get(reverse("initiatieven:overview"), odd).status_code == 200


def test_similar_initiatives_while_typing(client, make_initiative, wijk, other_wijk):
    make_initiative(status=Status.GEPUBLICEERD, title="Moestuin achter de flat")
    make_initiative(status=Status.CONCEPT, title="Moestuin op het dak")
    make_initiative(status=Status.GEPUBLICEERD, title="Moestuin elders", wijk=other_wijk)
    page = client.get(
        reverse("initiatieven:similar"), {"title": "Een moestuin", "wijk": wijk.pk}
    ).content.decode()
    assert "Moestuin achter de flat" in page
    assert "op het dak" not in page and "elders" not in page
    assert (
        client.get(reverse("initiatieven:similar"), {"title": "", "wijk": "x"}).content.strip()
        == b""
    )


def test_invite_page_and_accept(
    client, make_initiative, initiator, django_capture_on_commit_callbacks
):
    from django.core import mail

    initiative = make_initiative(status=Status.CONCEPT)
    newcomer = UserFactory(role="huurder")
    client.force_login(initiator)
    response = client.post(
        reverse("initiatieven:invite", args=[initiative.pk]), {"email": "geen-adres"}
    )
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatieven:invite", args=[initiative.pk]), {"email": newcomer.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/uitnodiging/" in line)
    path = link.split("127.0.0.1:8000", 1)[-1].strip()
    client.force_login(newcomer)
    assert "Ik doe mee" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert initiative.co_initiators.filter(pk=newcomer.pk).exists()
    assert client.get(reverse("initiatieven:edit", args=[initiative.pk])).status_code == 200


def test_withdraw_through_the_page(client, make_initiative, initiator, co_initiator):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(co_initiator)
    response = client.post(
        reverse("initiatieven:transition", args=[initiative.pk, "withdraw"]), follow=True
    )
    assert "U mag dit niet doen" in response.content.decode()
    client.force_login(initiator)
    client.post(reverse("initiatieven:transition", args=[initiative.pk, "withdraw"]))
    initiative.refresh_from_db()
    assert initiative.status == Status.INGETROKKEN
    assert (
        client.post(
            reverse("initiatieven:transition", args=[initiative.pk, "nonsense"])
        ).status_code
        == 404
    )


def test_progress_update_page_with_photos(client, make_initiative, initiator, resident):
    initiative = make_initiative(status=Status.IN_UITVOERING)
    services.support_add(initiative=initiative, user=resident)
    client.force_login(initiator)
    url = reverse("initiatieven:update", args=[initiative.pk])
    response = client.post(url, {"body": "", "photo_text": "De nieuwe bakken"})
    assert response.status_code == 400
    assert "De nieuwe bakken" in response.content.decode()
    response = client.post(
        url,
        {"body": "De bakken staan!", "photo_text": "Zes houten bakken", "photos": [jpeg_upload()]},
    )
    assert response.status_code == 302
    update = initiative.updates.get()
    assert update.photos.get().alt_text == "Zes houten bakken"
    client.force_login(resident)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "De bakken staan!" in page and 'alt="Zes houten bakken"' in page


def test_photo_delete_by_someone_else_is_refused(client, make_initiative, initiator, resident):
    from initiatieven.models import Photo
    from portal.uploads import clean_image

    initiative = make_initiative(status=Status.GEPUBLICEERD)
    services.progress_update_post(
        initiative=initiative, user=initiator, body="Foto", photos=[clean_image(jpeg_upload())]
    )
    photo = Photo.objects.get()
    url = reverse("initiatieven:photo_delete", args=[initiative.pk, photo.pk])
    client.force_login(resident)
    client.post(url)
    assert Photo.objects.exists()
    draft = make_initiative(status=Status.CONCEPT)
    assert (
        client.post(reverse("initiatieven:photo_delete", args=[draft.pk, photo.pk])).status_code
        == 404
    )
    client.force_login(initiator)
    client.post(url)
    assert not Photo.objects.exists()
