"""Print the two-factor code of the demo staff accounts, so that a newcomer can sign in
without installing an authenticator app. Only where demo data may be loaded."""

from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .load_demo import DEMO_TOTP_SECRET


def demo_totp_code(now: float | None = None) -> tuple[str, int]:
    """The code for the demo secret at `now` and the seconds it stays valid."""
    now = time.time() if now is None else now
    period = app_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
    return code, period - int(now) % period


class Command(BaseCommand):
    help = (
        "Toont de huidige tweestapscode van de demo-accounts. Weigert onder productie-instellingen."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo-codes zijn niet beschikbaar met deze instellingen (DEMO_DATA_ALLOWED)."
            )
        code, seconds = demo_totp_code()
        self.stdout.write(code)
        if options["verbosity"] > 0:
            self.stderr.write(
                f"Tweestapscode voor de demo-accounts, nog {seconds} seconden geldig "
                f"(geheim {DEMO_TOTP_SECRET})."
            )
