"""Embedded default: SQLite, in-process tasks, e-mail to a folder. Never for production."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool, env_list

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-fijnewijk")  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEMO_DATA_ALLOWED = True
# Off while developing, so an edited template shows at once; PAGE_CACHE_ENABLED=1 to try it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
