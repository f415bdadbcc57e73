"""Django settings, all fed by the environment.

Safe production defaults: DEBUG off, a SECRET_KEY required, hosts required. `DEBUG=1` gives the
development default that needs nothing: SQLite under ./var and a throw-away key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CLUSTERMON_DATA_DIR", Path.cwd() / "var")).resolve()


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


DEBUG = envbool("DEBUG", False)
# pytest (8.2+) sets PYTEST_VERSION for the whole session.
TESTING = envbool("CLUSTERMON_TESTING", bool(os.environ.get("PYTEST_VERSION")))

# The offline console tools (grade, ratings, score, …) use only translations: no database, no web.
OFFLINE = envbool("CLUSTERMON_OFFLINE", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or OFFLINE):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 to develop).")
    SECRET_KEY = "clustermon-development-key-not-for-production"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
if DEBUG or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "clustermon.web",
    "clustermon.accounts",
    "clustermon.registry",
    "clustermon.frameworks",
    "clustermon.rounds",
    "clustermon.results",
    "clustermon.submissions",
    "clustermon.experts",
    "clustermon.review",
    "clustermon.audit",
    "clustermon.plans",
    "clustermon.enterprises",
    "clustermon.applications",
    "clustermon.reports",
    "clustermon.jobs",
    "clustermon.analysis",
    "clustermon.demo",
    "clustermon.api",
    "ninja",  # its templates and static files: the API docs load Swagger UI locally, no CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clustermon.web.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "clustermon.urls"
WSGI_APPLICATION = "clustermon.wsgi.application"

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
                "clustermon.web.navigation.navigation",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL") and not OFFLINE:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'clustermon.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

if TESTING:  # hashing is not what the tests are about; the real hashers stay in production
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background jobs (reports, exports, robustness analysis) queue in the database: no extra server.
# `clustermon db_worker` runs them; tests run them at once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Development and tests serve static files straight from the apps; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
if WHITENOISE_USE_FINDERS and not OFFLINE:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The report charts' plotly.js is served from the installed `plotly` package (no CDN, no copy in
# the repository): see clustermon.reports.staticfiles.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "clustermon.reports.staticfiles.PlotlyFinder",
]
# Evidence files live outside the web root and are only served through scoped views.
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
