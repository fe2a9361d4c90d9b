"""Settings for Resolution Tracker, read from the environment.

Development: `DEBUG=1` and nothing else (SQLite file in the project, a throw-away key).
Production: `SECRET_KEY`, `ALLOWED_HOSTS` and `DATABASE_URL` (PostgreSQL) are required.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from None


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development only)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "tracker",
]

MIDDLEWARE = [
    # Outermost: work left for after the answer runs once the answer that goes out has gone.
    "tracker.middleware.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of what touches the database: a database outage becomes a plain 503 page.
    "tracker.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # An ETag on every page, and a 304 when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before anything reads the form: a request over the size limits gets a clear answer.
    "django_htmx.middleware.HtmxMiddleware",
    "tracker.middleware.RequestTooLargeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "tracker.views.scoping.negotiation_context",
            ],
        },
    },
]

# SQLite in the project by default; DATABASE_URL=postgres://… for production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An article of up to 1,000,000 characters (tracker/recording/sources.py) is at most 4 MB in
# UTF-8, which the add-source form sends as multipart (not percent-encoded, which could triple
# it); this leaves room for the form's other fields. A larger request is answered in place by
# tracker.middleware.RequestTooLargeMiddleware, never with a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reader pages, kept in each server process until the records change (tracker/views/caching.py).
# Each process reads the records' token at most this often: a reader's page may be that much
# older than the latest change (an editor's never is).
STAMP_FRESH_SECONDS = float(os.environ.get("STAMP_FRESH_SECONDS", "1"))
# Search results may lag the records by up to this long: every change reaches every search
# page, and working them all out again after each save (an editor every few seconds on a vote
# day) would take readers' CPU. Other pages follow each change at once.
SEARCH_LAG_SECONDS = float(os.environ.get("SEARCH_LAG_SECONDS", "30"))
# For this long after a change, a reader may get a kept page as it was before the change while
# the server works out the new version after answering (tracker/views/caching.py): readers do
# not wait behind the pages a save puts out of date. 0: the first reader after a change waits.
STALE_PAGE_SECONDS = float(os.environ.get("STALE_PAGE_SECONDS", "10"))
# PAGE_CACHE_DIR (gunicorn.conf.py sets one for its workers): the processes of one server share
# the pages kept there, so a page is worked out once per change, not once per worker.
PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache"
        if PAGE_CACHE_DIR
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": PAGE_CACHE_DIR,
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2000)},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts and login rate limiting (django-axes) ---------------------------------------------
# tracker.accounts.LoginAttemptsBackend is axes' AxesStandaloneBackend (it must come first), which
# lets request-less authenticate() calls from server-side code through to the next backend.
AUTHENTICATION_BACKENDS = [
    "tracker.accounts.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracker:home"
LOGOUT_REDIRECT_URL = "tracker:home"
# Five failed logins for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Which address a login comes from. Directly (TRUSTED_PROXY_COUNT=0): the connection's own,
# and an X-Forwarded-For header, which anyone can send, is ignored. Behind N reverse proxies
# every connection comes from the nearest proxy, so the address is the one the outermost proxy
# appended to X-Forwarded-For, N entries from the right; entries further left came from the
# client and are ignored. axes asks django-ipware, which counts the proxies listed after the
# client in the header (the nearest proxy is not listed: it is REMOTE_ADDR), hence N - 1; not
# strict, so what a client put in its own X-Forwarded-For is skipped instead of making ipware
# discard the header and fall back to the proxy's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}")
IPWARE_STRICT = False
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` puts the files whitenoise serves; STATIC_ROOT moves it (e.g. off a
# read-only code folder, or to a temporary one for the load test).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files, served by whitenoise; needs `collectstatic` first.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security headers -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script or style and no eval anywhere: htmx is configured not to need them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# HTTPS=1 behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
