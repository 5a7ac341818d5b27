"""Settings shared by every environment. Values come from the environment."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "cms",
    "initiatieven",
    "fonds",
    "participatie",
    "signalen",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.apps.PortalUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Infrastructure
    "csp",
    "simple_history",
    "django_celery_beat",
    "django_filters",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.csp.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, auth and CSRF: a kept public page costs one cache round trip.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.TwoFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: runs the view with its submission token in one transaction (portal.idempotency).
    "portal.idempotency.SubmissionTokenMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue up instead of failing with "database is locked": a transaction takes
    # the write lock when it starts and a second one waits up to 20 seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Fijne Wijk] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fijne Wijk"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Django's form renderer, the common widgets written out in Python (same markup).
FORM_RENDERER = "portal.form_renderer.FormRenderer"

STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": (
        {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": env("REDIS_CACHE_URL"),
        }
        if env("REDIS_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The full-page cache of the public pages for anonymous visitors (portal.page_cache), in
# the cache above (Redis in production). PAGE_CACHE_SECONDS is how long the server keeps a
# page (every change to what it shows replaces it sooner); browsers may keep it
# PAGE_CACHE_MAX_AGE seconds and a CDN or reverse proxy PAGE_CACHE_S_MAXAGE (they hear of
# no change, so keep these short).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_MAX_AGE = int(env("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_S_MAXAGE = int(env("PAGE_CACHE_S_MAXAGE", "60"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Fijne Wijk <noreply@fijnewijk.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Fijne Wijk"
# The site's own address, the one base of every link in an e-mail and of Wagtail's admin
# links. `make run` sets it from its HOST and PORT; production sets it (or, as before,
# WAGTAILADMIN_BASE_URL) to the public address.
SITE_BASE_URL = (
    env("SITE_BASE_URL") or env("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# A page an editor restricted to signed-in people sends visitors to our sign-in, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Editors translate pages and the pillar, instrument and partner snippets with Wagtail's
# own localisation ("Vertalen" in the page and snippet menus, wagtail.contrib.simple_translation).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "phone"]
# Everyone works in Amsterdam: the admin offers no other time zone in a person's account
# settings, so no profile can make it show times in UTC or elsewhere.
WAGTAIL_USER_TIME_ZONES = ["Europe/Amsterdam"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Celery: in-process unless a broker is configured.
TASKS_IN_PROCESS = not env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = TASKS_IN_PROCESS
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", env("CELERY_BROKER_URL"))
# Even in-process, Celery takes a producer from the broker connection to serialise a task;
# without a broker URL that was an AMQP connection to nowhere, which logged "No hostname
# was supplied" (at every `load_demo`). The in-memory transport is never contacted.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    "initiatieven-moderation-digest": {
        "task": "initiatieven.moderation_digest",
        "schedule": crontab(hour=7, minute=30),
    },
    "fonds-term-watch": {"task": "fonds.term_watch", "schedule": crontab(hour=7, minute=0)},
    "portal-forget-submission-tokens": {
        "task": "portal.forget_submission_tokens",
        "schedule": crontab(hour=3, minute=15),
    },
    "fonds-grant-expiry": {"task": "fonds.grant_expiry", "schedule": crontab(hour=6, minute=30)},
    # Within 24 hours of a meeting: a reminder to everyone signed up (each once), hourly
    # in the daytime.
    "participatie-meeting-reminders": {
        "task": "participatie.meeting_reminders",
        "schedule": crontab(hour="8-21", minute=0),
    },
    "signalen-term-watch": {
        "task": "signalen.term_watch",
        "schedule": crontab(hour=7, minute=5),
    },
    "signalen-retention": {"task": "signalen.retention", "schedule": crontab(hour=2, minute=40)},
    # Accountability reports: reminders before and on the due date, escalation after it.
    "fonds-report-terms": {"task": "fonds.report_terms", "schedule": crontab(hour=7, minute=15)},
}

# How long signals are kept before the nightly task anonymises them (contacts, meldingen,
# dossiers) or removes them (the dossiers' read log), in days. The reasons for these
# periods (AVG storage limitation; the lease, complaints and eviction procedures the
# dossiers serve) are with the defaults in signalen/retention.py.
SIGNALEN_RETENTION_DAYS = {
    "contact": 365,
    "melding_closed": 365,
    "dossier_closed": 5 * 365,
    "dossier_read": 2 * 365,
}

# django-simple-history
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Working days: a submission after this hour counts from the next working day.
WORKDAY_END_HOUR = int(env("WORKDAY_END_HOUR", "17"))

# Abuse limits: per account ("user") and per address ("ip"); see portal.abuse.
CONTACT_FORM_RATE_LIMIT = env("CONTACT_FORM_RATE_LIMIT", "5/h")
RATE_LIMITS = {
    "initiative_propose": {"user": "5/d", "ip": "20/d"},
    "initiative_comment": {"user": "10/10m", "ip": "40/10m"},
    "initiative_support": {"user": "30/10m", "ip": "120/10m"},
    "initiative_report": {"user": "10/h", "ip": "30/h"},
    # Each invitation is an e-mail with a title of the sender's choice to any address.
    "initiative_invite": {"user": "10/d"},
    # Meldingen: also anonymous, so per address as well.
    "melding_submit": {"user": "10/d", "ip": "20/d"},
}
# The fund: at most this many applications a resident has started but not submitted, and
# at most this many submitted per resident in 24 hours (counted in the database).
FUND_MAX_OPEN_CONCEPTS = int(env("FUND_MAX_OPEN_CONCEPTS", "3"))
FUND_SUBMISSIONS_PER_DAY = int(env("FUND_SUBMISSIONS_PER_DAY", "3"))
# Applications per page of the staff queue in the admin.
FUND_QUEUE_PAGE_SIZE = int(env("FUND_QUEUE_PAGE_SIZE", "25"))
# Seconds a person's serialised admin sidebar is kept in the cache (portal.admin_sidebar);
# 0 renders it on every admin page.
ADMIN_SIDEBAR_CACHE_SECONDS = int(env("ADMIN_SIDEBAR_CACHE_SECONDS", "60"))
# Seconds the shared parts of staff pages (an application's facts, the budget position)
# are kept in the cache (portal.fragment_cache); every change to what they show renews
# them sooner. 0 renders them on every request.
STAFF_FRAGMENT_CACHE_SECONDS = int(env("STAFF_FRAGMENT_CACHE_SECONDS", "600"))

# SEPA payouts (fonds.services.sepa, issue 14): the corporation's account the fund pays
# from, put in every payment file (pain.001) and expected on every bank statement
# (camt.053). A system check (fonds.checks) refuses an invalid IBAN or BIC. The defaults
# are a test account for development and tests only.
FUND_ACCOUNT_IBAN = (env("FUND_ACCOUNT_IBAN", "NL02ABNA0123456789") or "").replace(" ", "").upper()
FUND_ACCOUNT_BIC = (env("FUND_ACCOUNT_BIC", "ABNANL2A") or "").strip().upper()
FUND_ACCOUNT_NAME = env("FUND_ACCOUNT_NAME", "Woonstichting Fijne Wijk")
# A bank statement larger than this (bytes) is refused before it is read.
FUND_STATEMENT_MAX_SIZE = int(env("FUND_STATEMENT_MAX_SIZE", str(20 * 1024 * 1024)))

# Uploads
PHOTO_MAX_UPLOAD_SIZE = int(env("PHOTO_MAX_UPLOAD_SIZE", str(8 * 1024 * 1024)))
ATTACHMENT_MAX_UPLOAD_SIZE = int(env("ATTACHMENT_MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))

# Content-Security-Policy (django-csp 4.0): no inline script or style, nothing from
# elsewhere. The Wagtail admin has its own policy: see portal/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Avatars from gravatar.com would leak who works here and break the admin's policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}

# --- Co-funding through Stripe (issue 14, fonds.stripe_client) -----------------------
# Without the keys and the webhook secret (the embedded mode, `make run`) the contribution
# form is hidden and the webhook answers 503. STRIPE_API_BASE points the library at a
# local server (localstripe in the tests); empty for Stripe itself.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env("STRIPE_API_BASE", "")
STRIPE_JS_URL = env("STRIPE_JS_URL", "https://js.stripe.com/v3/")
