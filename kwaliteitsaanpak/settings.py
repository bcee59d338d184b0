"""Settings, read from the environment in this one place (see .env.example for every variable)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A production start without SECRET_KEY fails loudly; only a debug run gets a throwaway key.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "kwaliteitsaanpak.accounts",
    "kwaliteitsaanpak.core",
    "schools",
    "improvement_plans",
    "finance",
    "audits",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kwaliteitsaanpak.core.language.ChosenLanguageMiddleware",  # Dutch unless chosen otherwise (not the browser's)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kwaliteitsaanpak.core.security.SecurityHeadersMiddleware",  # no-store when signed in; Permissions-Policy
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last (django-axes): turns a locked-out login into its page
]

ROOT_URLCONF = "kwaliteitsaanpak.urls"
WSGI_APPLICATION = "kwaliteitsaanpak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kwaliteitsaanpak.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite is the zero-set-up default for `make run`; CI and production use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL's JIT compiles a query once its estimated cost passes jit_above_cost: 10–12 ms of compiling for the
# 20–40 ms aggregates of the start page and the finance totals at national scale, which it then does not speed up.
# Off for this application's short queries unless DATABASE_JIT=1 (measured with `make bench`, README).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", default=False
):
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["options"] = f"{database_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is checked
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: never under static, served only through views that check permission.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kwaliteitsaanpak@amsterdam.nl")

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Login and sessions (ADR 11). A session ends after SESSION_IDLE_MINUTES without a request: a signed-in request
# renews it, at most once a minute (SESSION_RENEW_SECONDS; `SecurityHeadersMiddleware`) rather than a database write
# on every request as SESSION_SAVE_EVERY_REQUEST would do. Staff's sessions also end when the browser closes
# (`kwaliteitsaanpak.core.security`).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_RENEW_SECONDS = 60
# django-axes: five failed logins for one e-mail address from one IP address lock that pair out for 15 minutes; a
# successful login resets the count. The login page says so in Dutch (`accounts.views.locked_out`).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field and authenticate()'s keyword (axes would default to USERNAME_FIELD, "email").
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kwaliteitsaanpak.accounts.views.locked_out"
AXES_VERBOSE = False

# --- Two-step verification and login with the City's identity provider (issue 13, ADR 13) ---
# django-otp with TOTP: programme staff and the expert group (`accounts.requires_second_factor`) and everyone on
# /beheer/ must pass a second step after the password; others may turn it on. TWO_FACTOR_REQUIRED=0 switches the
# requirement off (`make run`'s demo, the test suite by default); a user who set it up is still asked the code.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1 : 0] = [
    "django_otp.middleware.OTPMiddleware",
    "kwaliteitsaanpak.accounts.middleware.SecondFactorMiddleware",  # the second step before any other page
]
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Kwaliteitsaanpak"
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes the next try waits 2^(n-1) seconds (django-otp)
# OpenID Connect (mozilla-django-oidc) beside the local accounts: on only when the client and the provider's
# endpoints are set. People are matched on their e-mail address to existing accounts; nobody is created.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email")
OIDC_ENABLED = all(
    (OIDC_RP_CLIENT_ID, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT)
)
# The City's identity provider does its own multi-factor authentication: a login through it passes the second step.
OIDC_COUNTS_AS_SECOND_FACTOR = env.bool("OIDC_COUNTS_AS_SECOND_FACTOR", default=True)
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_BACKEND = "kwaliteitsaanpak.accounts.oidc.CityOIDCBackend"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS += [OIDC_BACKEND]
LOGIN_REDIRECT_URL_FAILURE = "login"
# --- end of two-step verification and OIDC ---

# HTTPS (ADR 11). Production runs behind the City's TLS proxy: HTTPS=1 redirects plain HTTP, sends HSTS for a year
# and trusts the proxy's X-Forwarded-Proto. Off by default (a developer's machine, the test client).
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# Content Security Policy (django-csp): no inline script or style anywhere (tests/kwaliteitsaanpak/
# test_security_headers.py scans the templates); scripts, styles and fonts come from our own static files. Images
# may be data: URIs (Bootstrap draws its check marks and arrows so).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# What the browser may not use on any page (sent by `SecurityHeadersMiddleware`).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"

# Celery: with a broker (Redis) tasks go to the worker; without one they run eagerly in the request,
# so `make run` works on its own.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Deliberately empty: the periodic jobs are declared in `kwaliteitsaanpak/schedule.py` (one place, a comment per
# entry) and added to django-celery-beat's tables after `migrate`, add-only, so staff change them in /beheer/.
# Entries here would be written over those rows every time beat starts (DatabaseScheduler.update_from_dict).
CELERY_BEAT_SCHEDULE: dict = {}

# --- Faults and recovery (issue 13; docs/adr/0016-faults-queued-tasks-and-recovery.md) ---
# PostgreSQL restarted under use: a connection is kept for CONN_MAX_AGE seconds and checked before each request
# reuses it, so a connection the server dropped is replaced instead of failing the request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Redis unreachable: a page that hands work to the worker must not hang. Publishing gives up after one quick retry
# (`kwaliteitsaanpak.core.tasks.enqueue` then keeps the record queued and sends it when the worker reconnects).
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # seconds
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    "max_retries": 1,  # publishing: one retry, then kombu's OperationalError
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
    # A message a killed worker had taken comes back after this many seconds; longer than any task's time limit.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60),
}
# A worker killed during a task: the message is acknowledged only after the task, and given back when the worker
# process is lost, so that another worker runs it again (every task is idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The queue tasks are sent to (and the sweep sends waiting work to); a worker started with `-Q` on another queue
# sets the same name here.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Test hook only: seconds a monitor report waits before it is made, so a test can kill the worker mid-task.
FAULTS_SLOW_TASK_SECONDS = env.float("FAULTS_SLOW_TASK_SECONDS", default=0.0)
# --- end of faults and recovery ---

# The address of the site in links in e-mails (no trailing slash), e.g. https://kwaliteitsaanpak.amsterdam.nl.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Reminders by e-mail (`kwaliteitsaanpak.core.reminders`): the kinds of reminder each app offers, and how many days
# before a progress report is due its reminder goes out.
REMINDER_SOURCES = [
    "improvement_plans.reminders.REMINDER_KINDS",
    "finance.reminders.REMINDER_KINDS",
    "audits.reminders.REMINDER_KINDS",
    "monitoring.reminders.REMINDER_KINDS",
]
REMINDER_DAYS_BEFORE_DUE = 7

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Bootstrap 5 tables that scroll sideways on a narrow screen, with the body rows written in Python (table_rows).
DJANGO_TABLES2_TEMPLATE = "django_tables2/kwaliteitsaanpak.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover align-middle"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Audit trail (issue 13, `kwaliteitsaanpak.core.history`): history is read, never changed, also not in /beheer/,
# where django-simple-history would otherwise offer to revert a record to an earlier version.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
