"""The contact form: stores valid posts, ignores bots, limits floods, explains errors."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db

VALID = {"naam": "Fatima de Vries", "e_mailadres": "fatima@example.nl", "bericht": "Hallo!"}


def test_valid_message_is_stored(client, demo):
    response = client.post("/contact/", VALID, follow=True)
    assert response.redirect_chain == [("/contact/?verzonden=1", 302)]
    assert response.status_code == 200
    assert "Dank u wel" in response.content.decode()
    assert FormSubmission.objects.count() == 1


def test_a_double_click_sends_one_message(client, demo):
    import re

    token = re.search(
        r'name="submission_token" value="([0-9a-f]{32})"', client.get("/contact/").content.decode()
    ).group(1)
    for _ in range(2):
        response = client.post("/contact/", {**VALID, "submission_token": token})
        assert response.status_code == 302
    assert FormSubmission.objects.count() == 1
    assert "Dit hebben we al verwerkt." in client.get(response["Location"]).content.decode()


def test_honeypot_stores_nothing(client, demo):
    response = client.post("/contact/", {**VALID, "website_url": "http://spam.example"})
    assert response.status_code == 302
    assert FormSubmission.objects.count() == 0


def test_missing_field_is_explained_beside_the_field_and_input_kept(client, demo):
    response = client.post("/contact/", {**VALID, "bericht": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_bericht_error"' in html
    assert "Fatima de Vries" in html
    assert FormSubmission.objects.count() == 0


def test_too_many_posts_are_refused(client, demo, settings):
    settings.CONTACT_FORM_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post("/contact/", VALID).status_code == 302
    response = client.post("/contact/", {**VALID, "naam": "Vijfde Poging"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "te vaak een bericht gestuurd" in html
    assert "Vijfde Poging" in html
    assert FormSubmission.objects.count() == 3


def test_script_in_message_is_shown_as_text(client, demo):
    client.post("/contact/", {**VALID, "bericht": ""})
    response = client.post("/contact/", {**VALID, "naam": "<script>x()</script>", "bericht": ""})
    assert b"<script>x()</script>" not in response.content


def test_forged_forwarded_for_does_not_escape_the_limit(client, demo, settings):
    settings.CONTACT_FORM_RATE_LIMIT = "2/h"
    for n in range(2):
        client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert response.status_code == 429


def test_limit_is_per_visitor_behind_a_trusted_proxy(client, demo, settings):
    settings.CONTACT_FORM_RATE_LIMIT = "2/h"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 429
    assert client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 302
