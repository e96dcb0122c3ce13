"""Settings for Minsheng, driven by environment variables.

Production differs from a local run only by its environment: set ``MINSHENG_PRODUCTION=1`` together
with ``DATABASE_URL``, ``MINSHENG_SECRET_KEY``, ``MINSHENG_ENCRYPTION_KEY`` and
``MINSHENG_ALLOWED_HOSTS``. Without them (a laptop, the demo, the tests) the embedded PostgreSQL
server is used and local keys are generated once under ``var/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from minsheng import dbserver, localkeys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINSHENG_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_flag("MINSHENG_PRODUCTION")
DEBUG = env_flag("MINSHENG_DEBUG")

SECRET_KEY = os.environ.get("MINSHENG_SECRET_KEY") or localkeys.get("secret_key", PRODUCTION)
# Fernet key for personal data at rest (ID numbers, phones). Losing it loses that data.
ENCRYPTION_KEY = os.environ.get("MINSHENG_ENCRYPTION_KEY") or localkeys.get(
    "encryption_key", PRODUCTION
)
ALLOWED_HOSTS = env_list("MINSHENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MINSHENG_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "minsheng.web",  # first, so that its templates (admin look included) win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here, not from a CDN
    "minsheng.core",
    "minsheng.regions",
    "minsheng.people",
    "minsheng.audit",
    "minsheng.jobs",
    "minsheng.timebank",
    "minsheng.hotline",
    "minsheng.monthly",
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
    "minsheng.audit.middleware.RequestContextMiddleware",
    "minsheng.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "minsheng.urls"
WSGI_APPLICATION = "minsheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minsheng.web.context_processors.shell",
            ],
        },
    }
]

# --- Database: DATABASE_URL, or the embedded server -------------------------------------------
if PRODUCTION and not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production; the embedded server is for local use only."
    )
DATABASE_URL = os.environ.get("DATABASE_URL") or dbserver.ensure_running()
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("MINSHENG_TEST_DATABASE", "test_minsheng")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["minsheng.access.backend.ScopedPermissionBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
PASSWORD_CHANGE_REDIRECT_URL = "web:password_change_done"
LOGOUT_REDIRECT_URL = "web:landing"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: Chinese first, UTC stored, Beijing time shown -------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "minsheng" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: npm packages are served from node_modules, never vendored ------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # Locally, static files are served from the apps and node_modules (finders); the folder
    # only needs to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    # Chinese text in one font on every machine: Noto Sans SC, split by Unicode range so a page
    # loads only the parts it uses.
    ("vendor/noto-sans-sc", NODE_MODULES / "@fontsource-variable" / "noto-sans-sc"),
]
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Security: safe by default, stricter in production ----------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False  # forms post the token from the page; the cookie is never read by JS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script and style comes from this site (npm packages are served from node_modules);
# charts set inline styles on their SVG, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
CSRF_FAILURE_VIEW = "minsheng.web.views.csrf_failure"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_flag("MINSHENG_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MINSHENG_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "minsheng.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Minsheng API",
    "DESCRIPTION": _("Time Bank, 12345 hotline and One issue per month."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINSHENG_LOG_LEVEL", "WARNING")},
}
