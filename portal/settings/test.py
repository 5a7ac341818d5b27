"""Test settings: fast hashing, in-process tasks, mail in memory."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
DEMO_DATA_ALLOWED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Co-funding (issue 14): the suite runs with Stripe off, whatever the environment says, so
# that a page's queries do not depend on it; the co-funding tests switch it on with the
# `stripe_on` fixture (tests/fonds/test_cofunding.py) against the localstripe server that
# scripts/test.sh starts and names in STRIPE_API_BASE, with the test keys it exports.
LOCALSTRIPE = {
    "api_base": env("STRIPE_API_BASE", ""),
    "secret_key": env("STRIPE_SECRET_KEY", "") or "sk_test_fijnewijk",
    "publishable_key": env("STRIPE_PUBLISHABLE_KEY", "") or "pk_test_fijnewijk",
    "webhook_secret": env("STRIPE_WEBHOOK_SECRET", "") or "whsec_fijnewijk_test",
}
STRIPE_SECRET_KEY = STRIPE_PUBLISHABLE_KEY = STRIPE_WEBHOOK_SECRET = STRIPE_API_BASE = ""
