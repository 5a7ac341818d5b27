"""What a newcomer to the demo needs: a TOTP secret apps accept, a code without an app,
and links in e-mails that point where the site runs."""

import base64

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.core.management import CommandError, call_command

from cms.management.commands.load_demo import DEMO_TOTP_SECRET, OLD_DEMO_TOTP_SECRET
from portal.models import User
from portal.notifications import MEASURE_LIFTED, notify
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_secret_is_long_enough_for_authenticator_apps():
    # RFC 4226 asks for at least 128 bits; pyotp and apps refuse under 112.
    assert len(DEMO_TOTP_SECRET) == 32
    assert len(base64.b32decode(DEMO_TOTP_SECRET)) * 8 == 160


def test_the_demo_code_command_prints_a_code_the_sign_in_accepts(demo, capsys):
    capsys.readouterr()
    staff = User.objects.get(email="coordinator@fijnewijk.test")
    call_command("demo_totp_code", verbosity=0)
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_the_demo_code_command_is_refused_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("demo_totp_code")


def test_a_demo_made_with_the_old_short_secret_gets_the_new_one(demo, capsys):
    staff = User.objects.get(email="coordinator@fijnewijk.test")
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(staff, OLD_DEMO_TOTP_SECRET)
    call_command("load_demo", verbosity=0)
    capsys.readouterr()
    call_command("demo_totp_code", verbosity=0)
    code = capsys.readouterr().out.strip()
    authenticator = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_e_mail_links_use_the_site_base_url(settings, django_capture_on_commit_callbacks):
    settings.SITE_BASE_URL = "http://127.0.0.1:8080"
    person = UserFactory(role="huurder")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=MEASURE_LIFTED.name, recipients=[person], title="Opgeheven", url="/mijn/")
    body = mail.outbox[-1].body
    assert "http://127.0.0.1:8080/mijn/" in body
    assert ":8000" not in body


def test_the_demo_site_has_the_address_the_site_runs_at(settings, db):
    from wagtail.models import Site

    settings.SITE_BASE_URL = "http://127.0.0.1:8080"
    call_command("load_demo", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8080)


def test_tasks_in_process_log_no_broker_warning(caplog, settings):
    """`load_demo` warned "No hostname was supplied": an in-process task still took a
    producer from an AMQP connection without a host."""
    from portal.tasks import health

    if not settings.TASKS_IN_PROCESS:
        pytest.skip("a broker is configured")
    with caplog.at_level("WARNING"):
        assert health.delay("x").get() == "x"
    assert not [r for r in caplog.records if "hostname" in r.getMessage()]
