"""Django settings, driven by the environment (one file, safe defaults).

Environment variables:

``DATABASE_URL``
    Database to use; defaults to an SQLite file ``var/foretagsklimat.sqlite3`` under
    ``FORETAGSKLIMAT_HOME`` (default: the current directory).
``FORETAGSKLIMAT_SECRET_KEY``
    Required when ``FORETAGSKLIMAT_DEBUG`` is off and not running the demo.
``FORETAGSKLIMAT_DEBUG``
    ``1`` for development error pages.
``FORETAGSKLIMAT_ALLOWED_HOSTS``
    Comma-separated host names (default: localhost and loopback addresses).
``FORETAGSKLIMAT_MIN_ANSWERS``
    Minimum number of answers for a published aggregate (default 5).
``FORETAGSKLIMAT_SITE_URL``
    The address the site is reached at, for links in e-mails (default http://localhost:8000).
``FORETAGSKLIMAT_EMAIL_BACKEND``, ``FORETAGSKLIMAT_EMAIL_HOST``, ``…_PORT``, ``…_USER``,
``…_PASSWORD``, ``…_USE_TLS``, ``FORETAGSKLIMAT_FROM_EMAIL``
    How e-mail (survey invitations, reminders) is sent. Default: written as files to
    ``var/mail/`` so that nothing leaves the machine until SMTP is configured.
``FORETAGSKLIMAT_REMINDER_INTERVAL_HOURS``
    Hours a survey round waits between two reminder batches (default 24; 0: no wait).
``FORETAGSKLIMAT_PSEUDONYM_KEY``
    Secret for pseudonyms in researcher exports (default: derived from the secret key).
``FORETAGSKLIMAT_RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS``, ``…_RETAIN_CONTACTS_MONTHS``,
``…_RETAIN_EVALUATION_COMMENTS_MONTHS``, ``…_RETAIN_AUDIT_MONTHS``
    Retention of personal data in the workspaces, in months (0 or empty: keep); applied
    by ``foretagsklimat workspace_retention``. Defaults 24, 60, 24 and 0.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("FORETAGSKLIMAT_HOME", Path.cwd())).resolve()
VAR_DIR = HOME / "var"


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("FORETAGSKLIMAT_DEBUG")
# A fixed key is only acceptable for a local demo; production must set its own.
SECRET_KEY = os.environ.get(
    "FORETAGSKLIMAT_SECRET_KEY", "insecure-local-demo-key-set-FORETAGSKLIMAT_SECRET_KEY"
)
ALLOWED_HOSTS = os.environ.get(
    "FORETAGSKLIMAT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "foretagsklimat.apps.accounts",
    "foretagsklimat.apps.reference",
    "foretagsklimat.apps.survey",
    "foretagsklimat.apps.statistics",
    "foretagsklimat.apps.ranking",
    "foretagsklimat.apps.public",
    "foretagsklimat.apps.api",
    "foretagsklimat.apps.workspace",
    "foretagsklimat.apps.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "foretagsklimat.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: counts failed logins and locks out after too many.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "foretagsklimat.apps.site.urls"
WSGI_APPLICATION = "foretagsklimat.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "foretagsklimat.apps.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'foretagsklimat.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/ yet: this backend makes the folder when it first
    # connects, so a command that never opens the database leaves no folder behind.
    DATABASES["default"]["ENGINE"] = "foretagsklimat.web.sqlite"
    # WAL lets the web server read while a ranking is being written.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _whole_number(name: str, default: int, unit: str) -> int:
    """A whole-number setting (empty means 0). A typo fails at start-up, naming the setting."""
    value = os.environ.get(name, str(default)).strip() or "0"
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of {unit}, not {value!r}")
    return int(value)


# Argon2 first: new and changed passwords are hashed with it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "public:home"
# Login throttling (django-axes): five failures for one user name from one address lock
# that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("FORETAGSKLIMAT_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "foretagsklimat.apps.accounts.views.locked_out"

# Set-password links: a forgotten password's link is valid for a day, an invitation from a
# workspace's admin for FORETAGSKLIMAT_INVITATION_DAYS (default 7).
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
INVITATION_DAYS = _whole_number("FORETAGSKLIMAT_INVITATION_DAYS", 7, "days")
# Forgotten-password requests per hour: per e-mail address asked for (over the limit no
# e-mail goes, and the page says the same as always) and per client IP address (HTTP 429).
PASSWORD_RESETS_PER_EMAIL = _whole_number("FORETAGSKLIMAT_PASSWORD_RESETS_PER_EMAIL", 3, "requests")
PASSWORD_RESETS_PER_ADDRESS = _whole_number(
    "FORETAGSKLIMAT_PASSWORD_RESETS_PER_ADDRESS", 20, "requests"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and _flag("FORETAGSKLIMAT_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

#: Aggregates from fewer answers than this are never published.
MIN_ANSWERS = int(os.environ.get("FORETAGSKLIMAT_MIN_ANSWERS", "5"))

SITE_URL = os.environ.get("FORETAGSKLIMAT_SITE_URL", "http://localhost:8000").rstrip("/")

EMAIL_BACKEND = os.environ.get(
    "FORETAGSKLIMAT_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("FORETAGSKLIMAT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FORETAGSKLIMAT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FORETAGSKLIMAT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FORETAGSKLIMAT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("FORETAGSKLIMAT_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("FORETAGSKLIMAT_FROM_EMAIL", "Företagsklimat <enkat@localhost>")

#: Who runs the survey, named in invitations (default: the sender's display name).
SURVEY_ORGANISATION = os.environ.get("FORETAGSKLIMAT_SURVEY_ORGANISATION", "")

#: Hours between two reminder batches of one round, so nobody is reminded twice a day.
REMINDER_INTERVAL_HOURS = _whole_number("FORETAGSKLIMAT_REMINDER_INTERVAL_HOURS", 24, "hours")

PSEUDONYM_KEY = os.environ.get("FORETAGSKLIMAT_PSEUDONYM_KEY", f"pseudonym:{SECRET_KEY}")


# Retention (gallring) in the workspaces; see apps/workspace/services/retention.py.
RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS = _whole_number(
    "FORETAGSKLIMAT_RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS", 24, "months"
)
RETAIN_CONTACTS_MONTHS = _whole_number("FORETAGSKLIMAT_RETAIN_CONTACTS_MONTHS", 60, "months")
RETAIN_EVALUATION_COMMENTS_MONTHS = _whole_number(
    "FORETAGSKLIMAT_RETAIN_EVALUATION_COMMENTS_MONTHS", 24, "months"
)
# The audit log is kept by default: deleting it is the municipality's decision to take
# (its records management plan), not the software's.
RETAIN_AUDIT_MONTHS = _whole_number("FORETAGSKLIMAT_RETAIN_AUDIT_MONTHS", 0, "months")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_403": {"()": "foretagsklimat.web.logs.QuietPermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 logs one line ("Forbidden (Permission denied): /path"), without a traceback.
    "loggers": {"django.request": {"filters": ["quiet_403"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
