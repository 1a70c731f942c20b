"""Settings for the fact-checking desk.

Every deploy-time value comes from the environment. The defaults are the embedded mode
(SQLite file, Celery tasks run in-process) and are only safe with DEBUG on: with DEBUG off
the desk refuses to start on the default secret key or an empty ALLOWED_HOSTS.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

INSECURE_SECRET_KEY = "django-insecure-embedded-mode-only"  # noqa: S105 (the refused default)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random value of at least 50 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated host names).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "factcheck.accounts",
    "articles",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "factcheck.outage.DatabaseOutageMiddleware",
    "factcheck.nul_bytes.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public dossier pages, before the session, auth and audit middleware they do not need.
    "claims.public.middleware.DossierPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the reader's django_language cookie, else Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A login sets the language cookie to the language its person chose (in any browser).
    "factcheck.accounts.middleware.LoginLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "factcheck.accounts.middleware.TwoFactorMiddleware",
    "factcheck.accounts.middleware.DeskAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

# Logins are throttled (django-axes): after AXES_FAILURE_LIMIT failures an account, and the
# address they came from, are locked for AXES_COOLOFF_MINUTES (an admin unlocks them in
# Admin › Axes › Access attempts). Every login, failure and lockout is logged with its address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_CLIENT_IP_CALLABLE = "factcheck.accounts.client.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# A second factor (TOTP) for anyone who may publish or administer (factcheck/accounts/).
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Fact-checking desk"
# API tokens (django-rest-knox): stored as a hash, expiring, revoked on a password change.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_DAYS", default=30)),
    "TOKEN_LIMIT_PER_USER": 10,
    "AUTO_REFRESH": False,
}
# The audit log (django-auditlog) of account changes and API tokens, with who and from where.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "auth.user",
        "m2m_fields": {"groups", "user_permissions"},
        "mask_fields": ["password"],
        "exclude_fields": ["last_login"],
    },
    {"model": "knox.authtoken", "exclude_fields": ["digest", "token_key"]},
    {"model": "otp_totp.totpdevice", "exclude_fields": ["key", "last_t", "drift"]},
)

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.review.context_processors.unread_notifications",
                "claims.review.context_processors.work_counts",
            ],
        },
    },
]

# Database: one store. SQLite in embedded mode, PostgreSQL in production and CI.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Connections are bounded: each thread of a web process holds at most one, and with
# DATABASE_POOL_SIZE (factcheck/gunicorn.conf.py sets it to the threads per process) a process
# shares a pool of that many; a request that waits DATABASE_POOL_TIMEOUT seconds for one
# answers 503. The rule for the whole deployment is in docs/operations.md.
DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=0)
if DATABASE_POOL_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded server writes from several threads (and the eager Celery task inside a
    # request): take the write lock up front and let readers go on beside the writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "claims:home"
LOGOUT_REDIRECT_URL = "login"

# The desk and the public pages speak English, Italian and French: each person's choice (the
# language switcher sets the django_language cookie), else the browser's Accept-Language.
# The catalogs in locale/ are compiled and committed (.mo), so no gettext is needed to serve them.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("it", "Italiano"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The language the desk writes its own statements, rationales and notes in: the public dossier
# declares it (lang) on them, as it declares each article's language on its quotes.
DESK_LANGUAGE = env.str("DESK_LANGUAGE", default="en")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Admin uploads of a whole folder of articles go past Django's default of 100 files.
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=1000)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")  # for the file backend
# Where the desk is reached from outside: the links in its emails start with it.
DESK_URL = env.str("DESK_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where readers reach the public dossiers (the ClaimReview urls and the feeds start with it),
# and the name the desk publishes under (the ClaimReview author).
PUBLIC_URL = env.str("PUBLIC_URL", default=DESK_URL).rstrip("/")
PUBLISHER_NAME = env.str("PUBLISHER_NAME", default="The fact-checking desk")
# How long a web process serves a dossier page from memory before it checks for a newer
# revision (the process that publishes forgets its pages at once).
DOSSIER_PAGE_CACHE_SECONDS = env.float("DOSSIER_PAGE_CACHE_SECONDS", default=10.0)

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # Only behind a TLS proxy that sets X-Forwarded-Proto (and strips a client's own): trusting
    # the header without one lets a client claim https and skip the redirect.
    if env.bool("TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers check health over plain http
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # HSTS on the newsroom's other subdomains, and preloading, are the deployer's decision:
    # `check --deploy` warns until they are on, or until SILENCED_SYSTEM_CHECKS says it was decided.
    SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
SESSION_ENGINE = "factcheck.sessions"  # database sessions; a cookie that is no session key is none
# The CSRF token reaches htmx from the page (base.html), never from the cookie.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy on every page (desk, admin, public): scripts, styles, fonts and images
# from the desk's own static files only; no inline script, style or event handler (the public
# dossier's JSON-LD is a data block, not a script); no framing; forms post to the desk only.
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
    }
}

# Celery: with no broker configured, tasks run in-process (embedded mode).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died (the OOM killer) goes back to the queue, not to the bin.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands an unacknowledged task to another worker after this many seconds. Recovery does
# not wait for it: the sweeper below resumes a batch whose run is gone within a lease and a
# sweep; a copy delivered while the first run is alive waits a lease and looks again.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
# /readyz waits this long for a Celery worker to answer its ping.
READINESS_WORKER_TIMEOUT = env.float("READINESS_WORKER_TIMEOUT", default=1.0)
# Periodic work, run by `celery -A factcheck beat` (one beat process per deployment).
IMPORT_SWEEP_SECONDS = env.int("IMPORT_SWEEP_SECONDS", default=60)
NOTIFICATION_SWEEP_SECONDS = env.int("NOTIFICATION_SWEEP_SECONDS", default=60)
# Tries of a notification email before it is left unsent (its error is kept on it).
NOTIFICATION_EMAIL_ATTEMPTS = env.int("NOTIFICATION_EMAIL_ATTEMPTS", default=10)
CELERY_BEAT_SCHEDULE = {
    "import-batches-sweep": {
        "task": "articles.tasks.import_batches_sweep_run",
        "schedule": IMPORT_SWEEP_SECONDS,
    },
    "notification-emails-sweep": {
        "task": "claims.tasks.notification_emails_sweep",
        "schedule": NOTIFICATION_SWEEP_SECONDS,
    },
}

# Lists (desk and API) count exactly up to this many rows; past it, PostgreSQL's estimate ("about N"),
# so that a page of a 100,000-row table never counts the table (factcheck/pagination.py). Counting
# 10,000 rows of a search or a filter took 25-160 ms at 100,000 articles; 1,000 take a few.
LIST_EXACT_COUNT_LIMIT = env.int("LIST_EXACT_COUNT_LIMIT", default=1_000)
# A search expected to match at most this many rows is ranked (best first); a search matching more
# (a frequent word at 100,000 articles) lists its matches newest first, from the index (docs/search.md).
SEARCH_RANKED_MATCHES = env.int("SEARCH_RANKED_MATCHES", default=500)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "factcheck.pagination.EstimatedPageNumberPagination",
    "PAGE_SIZE": 50,
    # The public dossier API is open to anyone: each client (by IP) gets this many requests.
    "DEFAULT_THROTTLE_RATES": {"dossiers": env.str("DOSSIER_API_RATE", default="120/minute")},
    # Behind N proxies (a load balancer), the client is the N-th address from the end of
    # X-Forwarded-For; 0, the direct peer (a client cannot pick its own address).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# Throttle counts live in the cache: per process by default; give several web processes a
# shared one, e.g. CACHE_URL=redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The API's schema and docs are for the desk's own people unless API_DOCS_PUBLIC says otherwise
# (public by default only in the embedded development mode).
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=DEBUG)
SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if API_DOCS_PUBLIC
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "TITLE": "Fact-checking desk API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ImportBatchStatusEnum": "articles.models.ImportBatch.Status",
        "RatingEnum": "claims.ratings.Rating",
    },
}

# Article import limits (bytes and counts); every limit breached is a rejection with a reason.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=50 * 1024 * 1024)
IMPORT_ZIP_MAX_ENTRIES = env.int("IMPORT_ZIP_MAX_ENTRIES", default=2000)
IMPORT_ZIP_MAX_BYTES = env.int("IMPORT_ZIP_MAX_BYTES", default=500 * 1024 * 1024)
# The longest article body (characters, after normalization) and CSV field an import accepts.
IMPORT_MAX_BODY_CHARS = env.int("IMPORT_MAX_BODY_CHARS", default=2_000_000)
# A zip entry (or the whole archive) expanding past 1 MB and to more than this many times its
# compressed size is refused before it is read (a zip bomb); text compresses about 3-10:1.
IMPORT_ZIP_MAX_RATIO = env.int("IMPORT_ZIP_MAX_RATIO", default=100)
# A run beats at least once per file; a running batch whose run gave no sign of life for this
# long is taken over (so it must exceed the time of the largest file: 50 MB is well under it).
IMPORT_LEASE_SECONDS = env.int("IMPORT_LEASE_SECONDS", default=120)
# Runs a batch may start before the sweeper fails it (with the reason) instead of resuming it.
IMPORT_MAX_ATTEMPTS = env.int("IMPORT_MAX_ATTEMPTS", default=5)
# Retries, with backoff (5 s doubling, at most 5 min), of a run that met a database error.
IMPORT_DATABASE_RETRIES = env.int("IMPORT_DATABASE_RETRIES", default=8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
