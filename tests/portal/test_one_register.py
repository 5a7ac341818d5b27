"""The sign-in, sign-up, password and two-factor pages say "u", as the rest of the site
does (django-allauth's own Dutch says "je"; locale/nl overrides it)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from tests.portal.factories import UserFactory
from tests.test_admin_pages_render import VisibleText

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"  # noqa: S105 - the factories' password
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def informal_words(response) -> list[str]:
    assert response.status_code == 200
    page = VisibleText()
    page.feed(response.content.decode())
    return [m.group(0) for m in INFORMAL.finditer(page.text)]


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
)
def test_account_pages_say_u(client, url):
    assert informal_words(client.get(url)) == []


def test_the_two_factor_page_at_sign_in_says_u(client):
    user = UserFactory(role="coordinator", two_factor=False)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert informal_words(client.get(response["Location"])) == []


def test_the_two_factor_set_up_page_says_u(client):
    user = UserFactory(role="coordinator", two_factor=False)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    page = client.get("/mijn/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/2fa/totp/activate/")
    assert informal_words(page) == []


def test_a_wrong_password_is_told_with_u(client):
    user = UserFactory(role="huurder")
    response = client.post("/accounts/login/", {"login": user.email, "password": "fout"})
    text = response.content.decode()
    assert "dat u opgaf" in text
    assert informal_words(response) == []
