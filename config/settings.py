"""Lodestar settings, read only from the environment.

The defaults are the embedded, server-less setup (SQLite, local-memory cache and a
filesystem Celery broker); production differs only by environment variables. Two
self-contained blocks live beside this file and are imported at its end:
config/settings_celery.py (task queue, workers, beat) and config/settings_logging.py.
"""

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

from csp.constants import NONE, SELF

from config.env import BASE_DIR, REDIS_URL, VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    # The "django-insecure-" prefix makes `check --deploy` flag it (security.W009).
    default="django-insecure-local-only-key-set-DJANGO_SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, on a site that also asks for the second factor (security/admin_site.py).
    "security.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "axes",
    "csp",
    # django-ninja: serves its API docs (Swagger UI) from /static/, never from a CDN.
    "ninja",
    # Two factors: TOTP devices and one-time recovery codes (django-otp), and the audit trail.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "outbox",
    "careers",
    "enrolment",
    "labs",
    "progress",
    "reviews",
    "rubrics",
    "api",
    "courses",
    # The team capstone: teams, milestones, demo day (credits members through courses).
    "teams",
    "leaderboards",
    "outcomes",
    "tuition",
    "privacy",
    # The weekly syllabus: lessons, resources, lessons done (issue 29).
    "syllabus",
    "similarity",
    "demo",
    # Live sessions, attendance and each person's time zone (before security: audited).
    "live",
    # After the apps whose models it audits and whose admin it extends.
    "security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in the address is a 400 before anything looks it up (config/guards.py).
    "config.guards.RefuseNulInAddress",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # request.time_zone: the zone the person chose on /account/ (live/middleware.py).
    "live.middleware.UserTimeZone",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff, instructors and students who turned it on reach nothing but the second-factor
    # pages until this session is verified (security/middleware.py).
    "security.middleware.SecondFactorRequired",
    # Who (and from which address, as config/client_ip.py reads it) changed audited rows.
    "security.middleware.AuditContext",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during log-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lodestar.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
    # A file, not memory, so that a worker process in the tests sees the same rows.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-lodestar.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Shown in pg_stat_activity; Celery pool processes say "lodestar-worker-<pid>".
    DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = "lodestar"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis outage must cost a page a second at most, never hang a worker thread.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2id at OWASP's minimum (config/hashers.py); older PBKDF2 hashes still check, and are
# rehashed with Argon2id at the user's next log-in.
PASSWORD_HASHERS = [
    "config.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username/address pair before any password is checked.
    "config.auth_backends.LoginThrottleBackend",
    # Django's ModelBackend, reading the account's roles with the account (one query less
    # a page).
    "security.backends.RolesModelBackend",
]
# Second factor: the issuer shown in authenticator apps; django-otp slows down guessing
# (each failure doubles the wait before the next try on that device).
OTP_TOTP_ISSUER = "Lodestar"
# The audit trail (django-auditlog) records what changed as JSON values, never strings of them.
AUDITLOG_STORE_JSON_CHANGES = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads and dataset files live outside the web root and are served only by views
# that check who is asking.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The `lodestar` client's wheel, built by `make install` (and the Docker image) for the site
# to hand out at /client/ (api/client_dist.py); outside the web root and VAR_DIR's volume.
LODESTAR_CLIENT_DIR = Path(
    env.str("LODESTAR_CLIENT_DIR", default=str(BASE_DIR / "build" / "client"))
)
# Uploads, datasets and references: the local disk by default; with LODESTAR_S3_BUCKET, an
# S3-compatible bucket that web and worker processes on any host share (config/storage.py).
# Neither backend gives a file a URL.
LODESTAR_S3_BUCKET = env.str("LODESTAR_S3_BUCKET", default="")
if LODESTAR_S3_BUCKET:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _file_storage = {
        "BACKEND": "config.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": LODESTAR_S3_BUCKET,
            "location": env.str("LODESTAR_S3_PREFIX", default=""),
            "endpoint_url": _s3_endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Unset: boto3 looks further (instance roles, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # MinIO and other self-hosted endpoints serve buckets by path, not by host name.
            "addressing_style": env.str(
                "AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "auto"
            ),
            # A file read from the bucket is buffered in memory up to this, then on disk.
            "max_memory_size": 2_621_440,
        },
    }
else:
    _file_storage = {"BACKEND": "config.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": _file_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds before a silent mail server counts as down, so it cannot hold a worker for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Who is mailed a server error: DJANGO_ADMINS="Ops <ops@example.com>, dev@example.com".
ADMINS = [pair for pair in getaddresses([env.str("DJANGO_ADMINS", default="")]) if pair[1]]
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default="lodestar-errors@lodestar.localhost")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lodestar <hello@lodestar.localhost>")
# Where the site is reached, for links in emails (no request to build them from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A new account confirms its email within this many hours (the link's lifetime), or the
# seat it took goes to the waitlist.
ENROLMENT_CONFIRM_WITHIN_HOURS = env.int("ENROLMENT_CONFIRM_WITHIN_HOURS", default=48)

# Tuition through Stripe (tuition/stripe_api.py): off unless all three keys are set, and
# then the site says tuition is arranged with the school. STRIPE_API_BASE and STRIPE_JS_URL
# point at another server (the tests' localstripe); a failed installment is tried again
# every TUITION_INSTALLMENT_RETRY_DAYS days, TUITION_INSTALLMENT_ATTEMPTS times in all.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
TUITION_INSTALLMENT_RETRY_DAYS = env.int("TUITION_INSTALLMENT_RETRY_DAYS", default=3)
TUITION_INSTALLMENT_ATTEMPTS = env.int("TUITION_INSTALLMENT_ATTEMPTS", default=3)

# Production hardening, switched on by the environment.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The load balancer's and compose's health probes speak plain HTTP to the container.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_HTTPONLY = True

# Content security policy: every script and style sheet is served from /static/ (no CDN, no
# inline <script>). Styles allow 'unsafe-inline' because templates use style attributes
# (progress bars, chart widths) and htmx adds its indicator <style> element at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Log-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for the cool-off period. Keying on the
# pair means a stranger cannot lock a student out from elsewhere by guessing her name.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind reverse proxies REMOTE_ADDR is the last proxy's address, shared by everyone, so a
# stranger's wrong passwords would lock a student out everywhere. TRUSTED_PROXY_COUNT is
# the number of proxies in front of gunicorn, each appending the address it saw to
# X-Forwarded-For (config/client_ip.py reads the right entry). With 0, the default, the
# header is ignored: anyone can send one.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

CELERY_TIMEZONE = TIME_ZONE
from config.settings_celery import *  # noqa: E402, F403
from config.settings_logging import *  # noqa: E402, F403
