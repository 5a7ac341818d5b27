"""Sign-up, verification, sign-in, sign-out, rate limits and two-factor for the admin."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from portal.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-123"


def totp_code(secret: str) -> str:
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def test_signup_verification_signin_signout(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nieuw@example.nl",
            "password1": "Zomer-in-de-wijk-2026",
            "password2": "Zomer-in-de-wijk-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+", body).group(0)

    # Not verified yet: signing in sends you to the verification notice, not in.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "nieuw@example.nl", "password": "Zomer-in-de-wijk-2026"}
    )
    assert "_auth_user_id" not in client.session

    path = link.split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    response = client.post(
        "/accounts/login/", {"login": "nieuw@example.nl", "password": "Zomer-in-de-wijk-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signup_with_wrong_email_gives_dutch_error_and_keeps_input(client):
    response = client.post(
        "/accounts/signup/", {"email": "geen-email", "password1": "x", "password2": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="geen-email"' in html
    assert 'aria-describedby="id_email_error"' in html


def test_wrong_password_gives_dutch_error(client):
    user = UserFactory(role="huurder")
    response = client.post("/accounts/login/", {"login": user.email, "password": "fout"})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()  # in "u", see locale/nl


def test_sign_in_attempts_are_rate_limited(client):
    user = UserFactory(role="huurder")
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "fout"})
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "te veel" in response.content.decode().lower()


def test_resident_never_reaches_the_admin(client):
    user = UserFactory(role="huurder")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/")


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_admin_login_redirect_refuses_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.parametrize("role", ["coordinator", "hwz-moderator", "redacteur"])
def test_staff_refused_admin_until_two_factor(client, role):
    user = UserFactory(role=role, two_factor=False)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Authenticator" in page.content.decode() or "authenticator" in page.content.decode()

    # Set up TOTP the way a person does it: scan the secret, type a code.
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_two_factor_is_asked_for_a_code_at_sign_in(client):
    user = UserFactory(role="coordinator", two_factor=False)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code("JBSWY3DPEHPK3PXP")})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_staff_can_sign_in_with_the_documented_secret(client, demo):
    from cms.management.commands.load_demo import DEMO_TOTP_SECRET

    client.post(
        "/accounts/login/", {"login": "coordinator@fijnewijk.test", "password": "fijnewijk-demo"}
    )
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200


def test_password_reset_by_mail(client):
    user = UserFactory(role="huurder")
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/[^\s]+)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(
        form_url, {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-2026")


def test_unknown_account_pages_are_404_not_500(client):
    for url in ["/accounts/confirm-email/onzin/", "/accounts/password/reset/key/x-y/"]:
        assert client.get(url).status_code in (200, 404)
