"""Settings for Minsheng, driven by environment variables.

Production differs from a local run only by its environment: set ``MINSHENG_PRODUCTION=1`` together
with ``DATABASE_URL``, ``MINSHENG_SECRET_KEY``, ``MINSHENG_ENCRYPTION_KEY`` and
``MINSHENG_ALLOWED_HOSTS``. Without them (a laptop, the demo, the tests) the embedded PostgreSQL
server is used and local keys are generated once under ``var/``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from minsheng import localkeys
from minsheng.core import database
from minsheng.core.database import routing

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
    "minsheng.timebank.presence",
    "minsheng.cases",
    "minsheng.hotline",
    "minsheng.monthly",
    "minsheng.carelink",
    "minsheng.notifications",
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
    "minsheng.core.validation.RejectNulMiddleware",
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
                "minsheng.notifications.context_processors.bell",
            ],
        },
    }
]

# --- Database: the application's role, and the owner's for migrations ------------------------
# DATABASE_URL and MINSHENG_MIGRATION_DATABASE_URL, or the embedded server's two roles; nothing
# starts here: the embedded server starts with the first connection (minsheng.core.database).
DATABASES = {"default": database.application_settings(production=PRODUCTION)}
MIGRATION_DATABASE = database.owner_settings()
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("MINSHENG_TEST_DATABASE", "test_minsheng")}
# A standby (DATABASE_REPLICA_URL) takes the read-only reports and dashboards; the ledger's
# transactions then wait until the standby has applied them (docs/operations.md, "Failover").
_REPLICA = routing.replica_settings()
if _REPLICA:
    DATABASES[routing.REPLICA] = _REPLICA
DATABASE_ROUTERS = ["minsheng.core.database.routing.ReplicaRouter"]
LEDGER_SYNCHRONOUS_COMMIT = routing.ledger_synchronous_commit(replica_configured=bool(_REPLICA))
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
    # The volunteers' phone app reads the elder's door QR code with jsQR.
    ("vendor/jsqr", NODE_MODULES / "jsqr" / "dist"),
    # The report page's map, where a resident places the spot (docs/hotline.md).
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
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
# The phone app reads the door code with the camera and may check the position (this site only).
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(self), payment=()"
# Verified presence: the fence around an elder's door, and how late a sign made offline may
# still arrive (docs/timebank.md).
MINSHENG_PRESENCE_RADIUS_M = float(os.environ.get("MINSHENG_PRESENCE_RADIUS_M", 150))
MINSHENG_PRESENCE_OFFLINE_HOURS = float(os.environ.get("MINSHENG_PRESENCE_OFFLINE_HOURS", 24))
# Residents' 12345 requests (docs/hotline.md): how many days the signed link of the reply text
# works, and the kinds a resident may report anonymously without a phone.
HOTLINE_CASE_LINK_DAYS = int(os.environ.get("MINSHENG_HOTLINE_CASE_LINK_DAYS", 30))
HOTLINE_ANONYMOUS_KINDS = tuple(env_list("MINSHENG_HOTLINE_ANONYMOUS_KINDS", "suggestion,praise"))
# The map on the report page and the case page: a tile URL with {z}/{x}/{y} (for example the
# national 天地图 service). Empty: the map draws the districts' outlines shipped with the region
# data instead (nothing from another site); the typed latitude and longitude still work.
MINSHENG_MAP_TILES = os.environ.get("MINSHENG_MAP_TILES", "").strip()
MINSHENG_MAP_ATTRIBUTION = os.environ.get("MINSHENG_MAP_ATTRIBUTION", "").strip()
# What {s} in the tile URL stands for, one character each (天地图: 01234567).
MINSHENG_MAP_SUBDOMAINS = os.environ.get("MINSHENG_MAP_SUBDOMAINS", "abc").strip()
if MINSHENG_MAP_TILES.startswith(("https://", "http://")):
    # Tiles from another site are images the page may load; nothing else from there. A
    # sub-domain placeholder (t{s}.tianditu.gov.cn) becomes the policy's wildcard label.
    _tiles_scheme, _tiles_host = MINSHENG_MAP_TILES.split("/")[0], MINSHENG_MAP_TILES.split("/")[2]
    if "{" in _tiles_host.split(".")[0]:
        _tiles_host = "*." + _tiles_host.split(".", 1)[1]
    _tiles_origin = f"{_tiles_scheme}//{_tiles_host}"
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
        "img-src 'self' data:", f"img-src 'self' data: {_tiles_origin}"
    )
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
    # Bodies holding a NUL character answer 400 (PostgreSQL cannot store one).
    "DEFAULT_PARSER_CLASSES": [
        "minsheng.core.validation.NulFreeJSONParser",
        "minsheng.core.validation.NulFreeFormParser",
        "minsheng.core.validation.NulFreeMultiPartParser",
    ],
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
    # The call-back's answers by their own name (the online survey's leave out "no answer").
    "ENUM_NAME_OVERRIDES": {"SatisfactionEnum": "minsheng.hotline.models.Satisfaction"},
    # Every operation documents its error answers, in the one shape they all have.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "minsheng.core.schema.add_error_responses",
    ],
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINSHENG_LOG_LEVEL", "WARNING")},
}

# --- Staying up: health probes, database outages (see docs/operations.md) ----------------------
MIDDLEWARE.insert(0, "minsheng.web.health.HealthCheckMiddleware")
MIDDLEWARE.append("minsheng.web.availability.DatabaseUnavailableMiddleware")
# /readyz wants a job worker's sign of life; switch off where no worker runs by design.
MINSHENG_READY_NEEDS_WORKER = env_flag("MINSHENG_READY_NEEDS_WORKER", True)

# --- Logins resist guessing: lockout (django-axes) and API throttling --------------------------
INSTALLED_APPS.append("axes")
# Axes first: it refuses a locked-out log-in before any password is checked.
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# Locked by login name or by address, whichever reached the limit first.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("MINSHENG_LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("MINSHENG_LOGIN_LOCK_MINUTES", 30)))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "minsheng.web.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # unlocking goes through /accounts/locked/ or the command, audited
AXES_VERBOSE = False
# Successful log-ins are not kept by axes: its access log would grow without bound with every
# person's addresses and browsers; failures are kept only until they expire.
AXES_DISABLE_ACCESS_LOG = True
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "minsheng.core.throttling.AnonymousThrottle",
    "minsheng.core.throttling.UserThrottle",
]
REST_FRAMEWORK["NUM_PROXIES"] = 0  # the address is REMOTE_ADDR, as for the audit log
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("MINSHENG_API_RATE_ANONYMOUS", "120/minute"),
    "user": os.environ.get("MINSHENG_API_RATE_USER", "1200/minute"),
    "login": os.environ.get("MINSHENG_API_RATE_LOGIN", "10/minute"),
}

# --- Notifications (docs/notifications.md) ---------------------------------------------------
MINSHENG_SITE_URL = os.environ.get("MINSHENG_SITE_URL", "http://127.0.0.1:8000")
# E-mail by SMTP when a host is given; otherwise kept as files under var/mail (a laptop, the demo).
EMAIL_HOST = os.environ.get("MINSHENG_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("MINSHENG_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("MINSHENG_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MINSHENG_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("MINSHENG_EMAIL_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_flag("MINSHENG_EMAIL_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("MINSHENG_EMAIL_FROM", "民生 Minsheng <noreply@minsheng.local>")
NOTIFICATIONS_SMS = {
    "backend": {"aliyun": "minsheng.notifications.channels.aliyun.AliyunSmsBackend"}.get(
        os.environ.get("MINSHENG_SMS_BACKEND", "outbox"), ""
    ),
    "sign": os.environ.get("MINSHENG_SMS_SIGN", "民生"),
    "access_key_id": os.environ.get("MINSHENG_SMS_ACCESS_KEY_ID", ""),
    "access_key_secret": os.environ.get("MINSHENG_SMS_ACCESS_KEY_SECRET", ""),
    "template": os.environ.get("MINSHENG_SMS_TEMPLATE", ""),
    "templates": dict(
        item.split("=", 1) for item in env_list("MINSHENG_SMS_TEMPLATES", "") if "=" in item
    ),
    "endpoint": os.environ.get("MINSHENG_SMS_ENDPOINT", ""),
}
# Web Push is off in production until a key is given (it must stay the same once browsers
# have subscribed with it).
NOTIFICATIONS_VAPID_PRIVATE_KEY = os.environ.get("MINSHENG_VAPID_PRIVATE_KEY") or (
    "" if PRODUCTION else localkeys.get("vapid_private_key", PRODUCTION)
)
NOTIFICATIONS_PUSH = {
    "subject": os.environ.get("MINSHENG_VAPID_SUBJECT", "mailto:admin@minsheng.local"),
    # Browsers' push services are HTTPS; plain HTTP endpoints only for local tests.
    "allow_http": env_flag("MINSHENG_PUSH_ALLOW_HTTP"),
}
NOTIFICATIONS_WECHAT = {
    "appid": os.environ.get("MINSHENG_WECHAT_APPID", ""),
    "secret": os.environ.get("MINSHENG_WECHAT_SECRET", ""),
    "api": os.environ.get("MINSHENG_WECHAT_API", ""),
    "miniprogram_state": os.environ.get("MINSHENG_WECHAT_STATE", "formal"),
    # MINSHENG_WECHAT_TEMPLATES: kind=template id, comma-separated.
    "templates": {
        kind: {"template_id": template}
        for kind, template in (
            item.split("=", 1) for item in env_list("MINSHENG_WECHAT_TEMPLATES", "") if "=" in item
        )
    },
}
