"""The production stack's defaults: gunicorn and Celery start on the production settings
(never dev's DEBUG) when DJANGO_SETTINGS_MODULE is not set, keep their database
connections between requests with health checks, and keep sessions in the cache with the
database behind it. Each check runs a fresh Python, as a server starts."""

import json
import os
import subprocess
import sys

import pytest

from .test_roles_and_settings import PRODUCTION_ENV

SECRETS = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_CACHE_URL"}


def _python(code: str, **env_overrides) -> subprocess.CompletedProcess:
    """Run `code` in a new Python with the environment of a server: no settings module
    chosen, no test or dev variables, only `env_overrides`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SECRETS | {"DJANGO_SETTINGS_MODULE", "DATABASE_CONN_MAX_AGE"}
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


SHOW = (
    "from django.conf import settings; import json; db = settings.DATABASES['default']; "
    "print(json.dumps({'module': settings.SETTINGS_MODULE, 'debug': settings.DEBUG, "
    "'conn_max_age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS'], "
    "'no_server_cursors': db['DISABLE_SERVER_SIDE_CURSORS'], "
    "'sessions': settings.SESSION_ENGINE}))"
)


def test_gunicorn_without_a_settings_module_runs_production():
    result = _python("import portal.wsgi; " + SHOW, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["module"] == "portal.settings.production"
    assert shown["debug"] is False


def test_gunicorn_without_its_secrets_refuses_to_start_instead_of_running_dev():
    result = _python("import portal.wsgi; print('started')")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_celery_worker_without_a_settings_module_runs_production():
    result = _python(
        "from portal.celery import app; app.loader.import_default_modules(); " + SHOW,
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["module"] == "portal.settings.production"


def test_manage_py_keeps_dev():
    result = _python(
        "import os, runpy, sys; sys.argv = ['manage.py', 'diffsettings', '--all']; "
        "runpy.run_path('manage.py', run_name='__main__')"
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "SETTINGS_MODULE = 'portal.settings.dev'" in result.stdout


def test_production_keeps_connections_with_health_checks_and_sessions_in_the_cache():
    result = _python(
        "import django; django.setup(); " + SHOW,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["conn_max_age"] == 60
    assert shown["health"] is True
    assert shown["no_server_cursors"] is False
    assert shown["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_production_connection_settings_come_from_the_environment():
    result = _python(
        "import django; django.setup(); " + SHOW,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DATABASE_CONN_MAX_AGE="0",
        DATABASE_DISABLE_SERVER_SIDE_CURSORS="true",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["conn_max_age"] == 0
    assert shown["no_server_cursors"] is True


def test_dev_and_tests_open_a_connection_per_request():
    result = _python(
        "import django; django.setup(); " + SHOW, DJANGO_SETTINGS_MODULE="portal.settings.dev"
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["conn_max_age"] == 0
    assert shown["sessions"] == "django.contrib.sessions.backends.db"


CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_sign_in_with_two_factor_and_sign_out_work_with_sessions_in_the_cache(client, settings):
    """Production's session store: allauth's sign-in in two steps (password, then the
    TOTP code), the two-factor rule on the admin, and sign-out, which forgets the session
    in the cache and in the database."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    from .factories import UserFactory
    from .test_accounts import PASSWORD, totp_code

    settings.SESSION_ENGINE = CACHED_DB
    user = UserFactory(role="coordinator", two_factor=False)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code("JBSWY3DPEHPK3PXP")})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get("django.contrib.sessions.cached_db" + key)["_auth_user_id"] == str(user.pk)
    assert Session.objects.filter(session_key=key).exists()

    # The cache can be emptied (a Redis restart): the database still knows the session.
    cache.clear()
    assert client.get("/admin/").status_code == 200
    assert cache.get("django.contrib.sessions.cached_db" + key) is not None

    assert client.post("/accounts/logout/").status_code == 302
    assert cache.get("django.contrib.sessions.cached_db" + key) is None
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_signed_in_request_reads_no_session_from_the_database(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import UserFactory

    settings.SESSION_ENGINE = CACHED_DB
    client.force_login(UserFactory(role="huurder"))
    client.get("/mijn/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/mijn/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
