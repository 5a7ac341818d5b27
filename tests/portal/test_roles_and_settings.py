"""Roles from the data migration, the user form in the admin, the production guard."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group

from portal.models import ResponseTermsSettings, Wijk, validate_boundary
from portal.permissions import needs_two_factor
from portal.roles import CORE_PERMISSIONS, ROLES

from .factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_permissions():
    for name, perms in CORE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert set(perms) <= have, name
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


def test_editor_role_may_edit_pages_and_snippets():
    editor = UserFactory(role="redacteur")
    assert editor.has_perm("cms.change_instrument")
    assert editor.has_perm("cms.publish_instrument")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not UserFactory(role="huurder").has_perm("wagtailadmin.access_admin")


def test_staff_roles_need_two_factor_residents_do_not():
    assert needs_two_factor(UserFactory(role="sociaal-beheerder", two_factor=False))
    assert not needs_two_factor(UserFactory(role="huurder"))


def _run_settings(env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_CACHE_URL"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="portal.settings.production")
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = _run_settings({"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr and "DATABASE_URL" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "a.nl",
    "DATABASE_URL": "sqlite:////tmp/fijnewijk-guard.db",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1",
}


def test_production_starts_with_its_secrets():
    result = _run_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_refuses_to_start_without_a_shared_cache_for_rate_limits():
    """With per-process memory, 4 gunicorn workers would make every limit 4 times weaker."""
    result = _run_settings({k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_CACHE_URL"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REDIS_CACHE_URL" in result.stderr


def test_production_rate_limit_counters_are_in_redis():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_CACHE_URL"}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="portal.settings.production")
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "portal.cache.RedisCache",
        "redis://127.0.0.1:6379/1",
    ]


def test_demo_data_refused_under_production_settings():
    full = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "load_demo"],
        env=full,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "niet toegestaan" in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [5.9, 51.1]},
        {"type": "Polygon", "coordinates": [[[5.9, 51.1], [5.91, 51.1]]]},
        {"type": "Polygon", "coordinates": [[["a", 51.1], [5.91, 51.1], [5.9, 51.2], [5, 5]]]},
        {"type": "Polygon", "coordinates": [[[500, 51.1], [5.91, 51.1], [5.9, 51.2], [5, 5]]]},
        "geen json",
    ],
)
def test_bad_boundaries_are_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_boundary(value)


def test_response_terms_must_be_consistent():
    from django.core.exceptions import ValidationError

    terms = ResponseTermsSettings(acknowledgement_days=2, target_days=12, feedback_days=10)
    with pytest.raises(ValidationError):
        terms.full_clean()


def test_admin_assigns_role_and_werkgebied(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    target = UserFactory(role="huurder")
    wijk = WijkFactory()
    moderator = Group.objects.get(name="hwz-moderator")
    form = {
        "email": target.email,
        "first_name": "Mo",
        "last_name": "Derator",
        "is_active": "on",
        "groups": [moderator.pk],
        "phone": "",
        "wijk": "",
        "complex": "",
        "password1": "",
        "password2": "",
    }
    response = client.post(f"/admin/users/edit/{target.pk}/", form)
    assert response.status_code == 200
    assert "Kies minstens één wijk" in response.content.decode()
    response = client.post(f"/admin/users/edit/{target.pk}/", {**form, "werkgebied": [wijk.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert list(target.werkgebied.all()) == [wijk]
    assert target.groups.filter(name="hwz-moderator").exists()


def test_admin_neighbourhood_pages(client):
    coordinator = UserFactory(role="coordinator")
    client.force_login(coordinator)
    WijkFactory()
    for url in [
        "/admin/wijk/",
        "/admin/buurt/",
        "/admin/complex/",
        "/admin/closingday/",
        "/admin/wijk/new/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/wijk/new/",
        {"name": "Nieuwwijk", "code": "WK12", "slug": "nieuwwijk", "boundary": "{}"},
    )
    assert response.status_code == 200
    assert "WK gevolgd door zes cijfers" in response.content.decode()
    assert not Wijk.objects.filter(slug="nieuwwijk").exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("huurder", set()),
        ("hwz-moderator", {"own"}),
        ("wijkbeheerder", {"own"}),
        ("sociaal-beheerder", {"own", "other"}),
        ("coordinator", {"own", "other"}),
    ],
)
def test_reach_of_each_role(role, expected):
    from portal.permissions import can_act_in_wijk, wijken_in_reach

    own, other = WijkFactory(), WijkFactory()
    user = UserFactory(role=role)
    user.werkgebied.add(own)
    names = {"own": own, "other": other}
    assert set(wijken_in_reach(user)) == {names[n] for n in expected}
    assert can_act_in_wijk(user, own) == ("own" in expected)
    assert can_act_in_wijk(user, other) == ("other" in expected)
