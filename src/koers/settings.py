"""Django settings, read from environment variables (docs/operations.md lists them all).

KOERS_ENVIRONMENT is `development` (default) or `production`. In development DEBUG is on,
a SECRET_KEY is generated once and kept in var/, and the database is a SQLite file in var/.
In production SECRET_KEY and ALLOWED_HOSTS must be given; TLS is assumed (secure cookies,
HSTS, redirect to https), logs are JSON lines on standard error.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import structlog
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("KOERS_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("KOERS_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("KOERS_ENVIRONMENT must be 'development' or 'production'.")
DEVELOPMENT = ENVIRONMENT == "development"

DEBUG = env_bool("DEBUG", DEVELOPMENT)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEVELOPMENT:
        raise ImproperlyConfigured("SECRET_KEY must be set when KOERS_ENVIRONMENT=production.")
    # Kept on disk so that sessions survive a restart of the development server.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEVELOPMENT else []
)
if not DEVELOPMENT and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when KOERS_ENVIRONMENT=production.")

INSTALLED_APPS = [
    # Django's admin, with a second factor for local administrators (koers.accounts.admin_site).
    "koers.accounts.apps.KoersAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "koers.plans",
    "koers.monitor",
    "koers.budgets",
    "koers.imports",
    "koers.reports",
    "koers.accounts",
    "koers.web",
    "koers.api",
    "koers.operations",
    "koers.reminders",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_structlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names and compressed, without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: too large a request is refused unread.
    "koers.web.middleware.RequestSizeMiddleware",
    # A request id in every log line of the request, and one line per request.
    "django_structlog.middlewares.RequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "koers.web.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "koers.web.middleware.ContentSecurityPolicyMiddleware",
    "koers.web.middleware.DatabaseRefusalMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# An hour's lock-out after five failed logins: of one account from one address (guessing
# a password), and from one address whatever the accounts (trying one password on many).
# The same account from elsewhere stays open, so nobody can lock a colleague out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Behind proxies the client's address is the n-th from the right in X-Forwarded-For; without
# this setting every login would seem to come from the proxy.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_ORDER = "right-most"  # what our own proxies added, not the client
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
# Single sign-on with the municipality's OpenID Connect provider (koers.accounts.sso), on
# when OIDC_RP_CLIENT_ID is set; the provider's endpoints as its discovery document names them.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15  # seconds for each call to the provider
OIDC_AUTHENTICATION_CALLBACK_URL = "web:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"
# Which claim holds the groups, which names the account, and which groups give which role.
KOERS_OIDC_GROUPS_CLAIM = os.environ.get("KOERS_OIDC_GROUPS_CLAIM", "groups")
KOERS_OIDC_USERNAME_CLAIM = os.environ.get("KOERS_OIDC_USERNAME_CLAIM", "preferred_username")
KOERS_OIDC_ROLES = os.environ.get("KOERS_OIDC_ROLES", "")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("koers.accounts.sso.Backend")
# Local administrators (staff without single sign-on) need a code from an authenticator app
# for the admin; in development it is off, so that `make demo` needs nothing.
KOERS_ADMIN_OTP = env_bool("KOERS_ADMIN_OTP", not DEVELOPMENT)
OTP_TOTP_ISSUER = "Koers"

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

ROOT_URLCONF = "koers.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "koers.wsgi.application"


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'koers.sqlite3'}"
    database = dj_database_url.parse(url, conn_max_age=60)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets pages read while an import writes; a writer waits for the other rather
        # than failing at once, and takes its lock when its transaction begins.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "60")),
        }
    return database


DATABASES = {"default": _database()}
# `koers backup` writes rows with their exact times (koers.operations.serializer).
SERIALIZATION_MODULES = {"koersjsonl": "koers.operations.serializer"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if DEVELOPMENT:
    # Development serves from the apps' folders; WhiteNoise looks there too.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves what `koers collectstatic` wrote: hashed names, gzip and brotli.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded evidence; served through Koers's own view (web:evidence), not as static files.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request Koers reads (a 20 MB document with its form); a larger one is refused
# from its Content-Length (koers.web.middleware.RequestSizeMiddleware). The proxy in front
# should allow at least this much.
KOERS_MAX_REQUEST_SIZE = int(os.environ.get("KOERS_MAX_REQUEST_SIZE", 21 * 1024 * 1024))
# A body without files (forms, the API's JSON: a bulk write of ~50,000 figures).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024))
# The review of an imported document posts a few fields for every item it proposes: the
# Heerde framework 501, a large municipality's several thousand (Django allows 1,000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", 10_000))

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# Behind a TLS proxy: the addresses browsers use, and the header the proxy sets.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
# The health check answers the proxy or orchestrator over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEVELOPMENT else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEVELOPMENT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEVELOPMENT)

# Background work (docs/operations.md): tasks wait in the database until `koers worker`
# runs them; nothing else to install. Another django-tasks backend (RQ on Redis) spreads
# them over machines.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KOERS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail (password reset links): the municipality's SMTP server; the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Koers <koers@localhost>")
# A reset link works for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Reminders (koers.reminders, docs/reminders.md): the address links in e-mails start with,
# how near a deadline is reminded, how long an action may go without an update, how near
# a reporting moment asks for explanations, and how often a person gets a digest at most.
# Where residents and staff write about Koers: on the accessibility statement page.
KOERS_CONTACT_EMAIL = os.environ.get("KOERS_CONTACT_EMAIL", "")
KOERS_BASE_URL = os.environ.get("KOERS_BASE_URL", "http://localhost:8000").rstrip("/")
KOERS_REMINDER_LEAD_DAYS = int(os.environ.get("KOERS_REMINDER_LEAD_DAYS", "14"))
KOERS_REMINDER_QUIET_WEEKS = int(os.environ.get("KOERS_REMINDER_QUIET_WEEKS", "8"))
KOERS_REMINDER_REPORT_DAYS = int(os.environ.get("KOERS_REMINDER_REPORT_DAYS", "28"))
KOERS_REMINDER_RHYTHM = os.environ.get("KOERS_REMINDER_RHYTHM", "week")
if KOERS_REMINDER_RHYTHM not in {"day", "week", "month"}:
    raise ImproperlyConfigured("KOERS_REMINDER_RHYTHM is day, week or month.")

# The API (koers.api): tokens per user, made and revoked in the admin; reading is open.
# A token works for a year unless the admin sets another date (accounts.TokenLife).
KOERS_TOKEN_DAYS = int(os.environ.get("KOERS_TOKEN_DAYS", "365"))
# Disclosure control (docs/disclosure-control.md): counts below this, and shares from fewer
# respondents than this, are never published.
KOERS_DISCLOSURE_MIN_COUNT = int(os.environ.get("KOERS_DISCLOSURE_MIN_COUNT", "10"))
KOERS_DISCLOSURE_MIN_RESPONDENTS = int(os.environ.get("KOERS_DISCLOSURE_MIN_RESPONDENTS", "50"))
# Plans each web process keeps in memory for pages that only read (koers.monitor.tree;
# about 1.5 MB for a Heerde-sized plan); 0 reads the plan for every request.
KOERS_KEPT_PLANS = int(os.environ.get("KOERS_KEPT_PLANS", "16"))
# Plan pages for visitors who are not logged in, kept whole per process (koers.web.kept_pages;
# a page of a Heerde-sized plan is 20-80 kB) for at most this many seconds; 0 pages keeps none.
KOERS_KEPT_PAGES = int(os.environ.get("KOERS_KEPT_PAGES", "200"))
KOERS_KEPT_PAGE_SECONDS = int(os.environ.get("KOERS_KEPT_PAGE_SECONDS", "300"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if KOERS_KEPT_PAGES > 0
        else "django.core.cache.backends.dummy.DummyCache",
        "LOCATION": "pages",
        "TIMEOUT": KOERS_KEPT_PAGE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": max(KOERS_KEPT_PAGES, 1)},
    },
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koers.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["koers.api.permissions.ReadOrRole"],
    "DEFAULT_PAGINATION_CLASS": "koers.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only: one body format to document, check and fuzz.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "koers.api.views.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": _(
        "The plan (frameworks, themes, tasks, ambitions, indicators, targets), the monitor "
        "(areas, measurements), the programmes (actions, results, budget lines), statuses "
        "computed on a reporting date, and published progress reports. Reading needs no "
        "login; writing needs a token (Authorization: Token ...) and the user's role. Open "
        "data downloads with their licence: /api/v1/open-data/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeasurementStatusEnum": "koers.monitor.models.Measurement.Status",
        "ActionStatusEnum": "koers.plans.models.Action.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "koers.api.schema.document_errors",
    ],
}


# Logging: one structured line per event, with the request id of the request it belongs to.
# JSON lines in production (for the municipality's log platform), readable in development.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "console" if DEVELOPMENT else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer(),
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.processors.TimeStamper(fmt="iso"),
                structlog.stdlib.add_logger_name,
                structlog.stdlib.add_log_level,
                structlog.processors.format_exc_info,
            ],
        },
        "console": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.dev.ConsoleRenderer(
                colors=False, exception_formatter=structlog.dev.plain_traceback
            ),
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.processors.TimeStamper(fmt="iso"),
                structlog.stdlib.add_logger_name,
                structlog.stdlib.add_log_level,
            ],
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    # Libraries say at WARNING what matters (WeasyPrint's INFO is a line per page).
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # A server error's traceback reaches the log (django.request logs it at ERROR).
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # One line per request comes from django_structlog; the server's own is a repeat.
        "django.server": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "koers": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django_structlog": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
    },
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)

# Error reporting: Sentry (or a compatible service such as GlitchTip) when a DSN is given.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=ENVIRONMENT,
        send_default_pii=False,  # no user names or addresses leave the municipality
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
