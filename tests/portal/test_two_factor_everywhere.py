"""No power beyond a resident's on a password alone, whatever the URL.

The paths are generated from the URL configuration (Wagtail's admin, allauth, our apps and
any URL added later), so a new view is covered without editing this test. Every account
with powers beyond a resident's and without a TOTP authenticator must be sent to the set-up
page for every path, GET and POST, except the short allow-list needed to set up the factor
or to leave.
"""

from __future__ import annotations

import itertools
import re
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from portal.middleware import TWO_FACTOR_ALLOWED_URL_NAMES, TwoFactorRequiredMiddleware
from portal.roles import HUURDER, ROLES

from .factories import UserFactory, with_two_factor

pytestmark = pytest.mark.django_db

# Changing the allow-list is a decision to review: it must be changed here as well.
ALLOWED_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "healthz",
}

SAMPLE_UUID = str(uuid.UUID(int=1))
SAMPLES = ["1", "x", SAMPLE_UUID, "x/", "x.pdf", "x-1", "1/x"]
CONVERTER_SAMPLES = {
    "IntConverter": "1",
    "StringConverter": "x",
    "SlugConverter": "x",
    "PathConverter": "x",
    "UUIDConverter": SAMPLE_UUID,
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def _route_piece(pattern: RoutePattern) -> str:
    def fill(match):
        converter = pattern.converters[match.group("parameter")]
        sample = CONVERTER_SAMPLES.get(type(converter).__name__)
        if sample is None:  # a converter of our own or a library's: any sample it accepts
            sample = next(s for s in SAMPLES if re.fullmatch(converter.regex, s))
        return sample

    return ROUTE_PARAMETER.sub(fill, str(pattern._route))


def _regex_piece(pattern: RegexPattern) -> str:
    """A concrete string the regex accepts, found the way reverse() does (normalize)."""
    for template, params in normalize(str(pattern._regex)):
        candidates = (
            template % dict(zip(params, combination, strict=True))
            for combination in itertools.product(SAMPLES, repeat=len(params))
        )
        for candidate in candidates:
            if pattern.regex.match(candidate):
                return candidate
    raise AssertionError(f"no sample path for {pattern}")


def _piece(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_piece(pattern)
    if isinstance(pattern, RegexPattern):
        return _regex_piece(pattern)
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    raise AssertionError(f"unknown kind of URL pattern: {pattern!r}")


def concrete_paths(resolver=None, prefix: str = "/"):
    """One concrete path for every URL pattern, walking includes recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from concrete_paths(entry, path)
        else:
            yield path


def _allowed(path: str) -> bool:
    return resolve(path).view_name in ALLOWED_URL_NAMES


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        found = sorted(set(concrete_paths()))
    return found


def test_the_allow_list_is_small_and_explicit():
    assert TWO_FACTOR_ALLOWED_URL_NAMES == ALLOWED_URL_NAMES


def test_the_walk_reaches_the_admin_and_our_apps(paths):
    prefixes = ["/admin/pages/", "/admin/users/", "/accounts/", "/initiatieven/", "/mijn/"]
    for prefix in prefixes:
        assert any(p.startswith(prefix) for p in paths), prefix
    assert len(paths) > 300
    # Resident-side staff actions of issue 9 are among them.
    assert any(re.fullmatch(r"/initiatieven/1/actie/x/", p) for p in paths)


def _people_with_powers():
    people = {
        name: UserFactory(role=name, two_factor=False) for name, role in ROLES.items() if role.staff
    }
    group = Group.objects.create(name="Later gemaakte groep")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    people["new group with admin access"] = UserFactory(two_factor=False)
    people["new group with admin access"].groups.add(group)
    people["is_staff"] = UserFactory(is_staff=True, two_factor=False)
    people["superuser"] = UserFactory(is_superuser=True, two_factor=False)
    own = UserFactory(two_factor=False)
    own.user_permissions.add(Permission.objects.get(codename="view_wijk"))
    people["own permission"] = own
    return people


def test_every_path_sends_powers_without_a_second_factor_to_set_up(paths):
    setup = reverse("mfa_activate_totp") + "?next="
    checked = [p for p in paths if not _allowed(p)]
    assert len(checked) > 300
    wrong = []
    for label, user in _people_with_powers().items():
        client = Client()
        client.force_login(user)
        for path in checked:
            for method in (client.get, client.post):
                response = method(path)
                if response.status_code != 302 or not response["Location"].startswith(setup):
                    wrong.append(f"{label} {method.__name__} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong[:50])


def test_the_redirect_remembers_where_the_person_was_going(client):
    user = UserFactory(role="hwz-moderator", two_factor=False)
    client.post("/accounts/login/", {"login": user.email, "password": "geheim-wachtwoord-123"})
    response = client.get("/initiatieven/1/actie/publiceren/?x=1")
    assert response["Location"] == (
        "/accounts/2fa/totp/activate/?next=%2Finitiatieven%2F1%2Factie%2Fpubliceren%2F%3Fx%3D1"
    )
    # Right after signing in, the set-up page opens without asking the password again.
    assert client.get(response["Location"]).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_later_visit_can_confirm_the_password_before_setting_up(client):
    client.force_login(UserFactory(role="coordinator", two_factor=False))
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200


def _passes(user, path: str, method: str) -> bool:
    """Whether the two-factor rule lets `user` through to `path` (the view is not run)."""
    request = getattr(RequestFactory(), method)(path)
    request.user = user
    response = TwoFactorRequiredMiddleware(lambda request: HttpResponse("door"))(request)
    return response.content == b"door"


def test_residents_and_accounts_with_a_second_factor_pass_everywhere(paths):
    resident = UserFactory(role=HUURDER)
    coordinator = with_two_factor(UserFactory(role="coordinator", two_factor=False))
    superuser = with_two_factor(UserFactory(is_superuser=True, two_factor=False))
    for user in (resident, coordinator, superuser):
        for path in paths:
            assert _passes(user, path, "get"), (user, path)
            assert _passes(user, path, "post"), (user, path)


def test_resident_and_staff_with_totp_reach_their_pages(client):
    client.force_login(UserFactory(role=HUURDER))
    assert client.get(reverse("my_overview")).status_code == 200
    client.force_login(UserFactory(role="coordinator"))  # the factory sets up TOTP
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("my_overview")).status_code == 200


def test_allowed_paths_stay_open_without_a_second_factor(paths):
    user = UserFactory(role="coordinator", two_factor=False)
    allowed = [p for p in paths if _allowed(p)]
    assert {resolve(p).view_name for p in allowed} == ALLOWED_URL_NAMES
    for path in allowed:
        assert _passes(user, path, "get"), path
    assert _passes(user, "/static/css/site.css", "get")
    assert _passes(user, "/media/foto.jpg", "get")
    assert not _passes(user, "/documents/1/x/", "get")
