"""Settings of the load suite (bench/loadtest.sh): production, plus only what the benchmark
needs. The floor pages and the X-Queries header exist here and nowhere else.

The script sets DATABASE_URL, REDIS_CACHE_URL, CELERY_BROKER_URL and MEDIA_ROOT/
BENCH_STATIC_ROOT; the secret key is a throw-away one unless DJANGO_SECRET_KEY is set.
"""

import os

# What production insists on, for a stack that lives for one run on 127.0.0.1.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-throw-away-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")

from portal.settings.production import *  # noqa: E402, F403
from portal.settings.production import (  # noqa: E402  # noqa: E402
    ACCOUNT_RATE_LIMITS,
    DATABASES,
    INSTALLED_APPS,
    MIDDLEWARE,
    env,
)

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.floor"]
# First, so that it counts every query of the request.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# Plain http on 127.0.0.1: no redirect to https, no cookies that only travel over https.
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Set here explicitly, whatever the production defaults are: persistent connections with
# health checks, and sessions in the cache with the database behind it.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The suite loads the demo data and signs in as the demo accounts.
DEMO_DATA_ALLOWED = True
# Every simulated person comes from 127.0.0.1: a limit per address would stop the suite,
# not measure the site. (allauth counts a sign-in as a failure until the password is
# checked, so 50 at once from one address are "too many failed attempts".)
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "login": "100000/m/ip",
    "login_failed": "100000/5m/ip,5/5m/key",
}
# The write rush measures many submissions at once; with the production limit of 3 a day
# a resident's fourth is refused (the suite counts refusals apart). Set
# FUND_SUBMISSIONS_PER_DAY=3 in the environment to rush against the real limit.
FUND_SUBMISSIONS_PER_DAY = int(env("FUND_SUBMISSIONS_PER_DAY", "1000"))
FUND_MAX_OPEN_CONCEPTS = int(env("FUND_MAX_OPEN_CONCEPTS", "1000"))

# No mail server here: the letters and notifications are built and sent to memory.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = env("BENCH_STATIC_ROOT", str(BASE_DIR / "var" / "bench-static"))  # noqa: F405
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "var" / "bench-media"))  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
