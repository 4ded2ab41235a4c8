"""Settings for the Namur news portal, read from the environment (and an optional .env file).

The defaults are a safe local development set-up on SQLite. ``DJANGO_ENV=production`` turns
DEBUG off whatever else is set and refuses to start without SECRET_KEY, ALLOWED_HOSTS, PostgreSQL
and Redis (unless SINGLE_SERVER_SQLITE=True).
Every variable is documented in .env.example.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# The site's own files, shipped inside the package (and so in the wheel): templates, static files,
# the French catalogue and the deployment files (the VCL template, the systemd units).
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    sys.exit(f"DJANGO_ENV vaut « {DJANGO_ENV} » : utilisez « development » ou « production ».")
PRODUCTION = DJANGO_ENV == "production"


def _require_in_production(*names: str) -> None:
    """Stop with one readable message when production lacks a required variable."""
    missing = [name for name in names if not env.str(name, default="").strip()]
    if missing:
        sys.exit(
            "Configuration incomplète pour DJANGO_ENV=production : définissez "
            + ", ".join(missing)
            + " (voir .env.example)."
        )


if PRODUCTION:
    _require_in_production("SECRET_KEY", "ALLOWED_HOSTS")
    DEBUG = False
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    DEBUG = env.bool("DEBUG", default=True)
    # Development only: production refuses to start without a real key.
    SECRET_KEY = env.str("SECRET_KEY", default="") or "dev-only-insecure-key-never-in-production"
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "namur_site.vendor_apps.StaticFilesInDevelopmentConfig",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "namur_site.vendor_apps.ContentSecurityPolicyConfig",
    "namur_site.vendor_apps.TagsConfig",
    # The admin's rich-text editor (ProseMirror); its assets are served as static files.
    "namur_site.vendor_apps.RichTextEditorConfig",
    "core",
    # The photo library (« Photothèque »): images with their texts and focal point.
    "core.photos",
    # Before django_tasks_db: its `db_worker` command is the site's (core/worker.py),
    # which outlives a database outage and records its polls for /healthz and the admin.
    "namur_site",
    # Background tasks (Django 6's task framework, backported) kept in the database: e-mails.
    "namur_site.vendor_apps.TasksConfig",
    "namur_site.vendor_apps.TaskResultsConfig",
    "namur_site.vendor_apps.PhoneNumbersConfig",
    "news",
    "press",
    "accreditations",
    "press.presslist",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id, and the answer returns it.
    "core.logs.RequestIdMiddleware",
    # Counts every request and answer, whatever the middleware below does with it.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Sees the final response (cookies included) to tell Varnish what it may keep, and how long.
    "core.caching.http_cache.CacheHeadersMiddleware",
    # Outermost after the cache, so that even a 400 for an unknown host carries these headers.
    "csp.middleware.CSPMiddleware",
    "core.caching.headers.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under WhiteNoise, which compresses static files itself: pages, feeds and JSON only.
    "core.caching.compression.PublicGZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Only looks at answers that are 404: an item's old address answers 301 to its new one.
    "core.redirects.RedirectFallbackMiddleware",
    # Last, so that it sees a view's exception first: the files of a failed save are removed.
    "core.files.stored_files.FailedRequestFilesMiddleware",
]

ROOT_URLCONF = "namur_site.urls"
WSGI_APPLICATION = "namur_site.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "namur_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite beside the task worker (`make run`): readers never wait for the writer (WAL), and a
    # transaction takes the write lock when it begins (IMMEDIATE), so that a save waits its turn,
    # up to SQLITE_TIMEOUT seconds, instead of failing at once with "database is locked".
    # synchronous=NORMAL is WAL's usual pairing: a power cut may lose the last commits, never
    # corrupt the file. PostgreSQL needs none of this.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.float("SQLITE_TIMEOUT", default=10.0),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Production serves from PostgreSQL and a shared Redis cache (the rate limits and the login
# lockout count there, once for every worker and server). SINGLE_SERVER_SQLITE=True is the
# documented exception for one server running one gunicorn process (`make serve`): SQLite, and
# a memory cache of its own, whose counts are then the site's (docs/operations.md).
SINGLE_SERVER_SQLITE = env.bool("SINGLE_SERVER_SQLITE", default=False)
if PRODUCTION and not SINGLE_SERVER_SQLITE:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not env.str(
        "DATABASE_URL", default=""
    ):
        sys.exit(
            "Configuration incomplète pour DJANGO_ENV=production : DATABASE_URL doit désigner "
            "une base PostgreSQL (postgres://…), ou SINGLE_SERVER_SQLITE=True pour un site sur "
            "un seul serveur, avec SQLite (voir docs/operations.md)."
        )
    if not CACHES["default"]["BACKEND"].endswith(".RedisCache") or not env.str(
        "CACHE_URL", default=""
    ):
        sys.exit(
            "Configuration incomplète pour DJANGO_ENV=production : CACHE_URL doit désigner un "
            "cache partagé Redis (redis://…), ou SINGLE_SERVER_SQLITE=True pour un site sur un "
            "seul serveur, un seul processus (voir docs/operations.md)."
        )
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's backend, answering as an empty cache while Redis is unreachable, after short
    # timeouts, then leaving it alone for a few seconds (namur_site/cache_backends.py).
    CACHES["default"]["BACKEND"] = "core.caching.cache_backends.FailOpenRedisCache"
    _redis_options = CACHES["default"].setdefault("OPTIONS", {})
    _redis_timeout = env.float("CACHE_REDIS_TIMEOUT", default=0.25)
    _redis_options.setdefault("socket_connect_timeout", _redis_timeout)
    _redis_options.setdefault("socket_timeout", _redis_timeout)
    _redis_options.setdefault(
        "circuit_breaker_seconds", env.float("CACHE_REDIS_RETRY_SECONDS", default=5.0)
    )
# Longest time (seconds) a shared HTTP cache (Varnish) may keep a public page; purges after a
# change and the next scheduled publication, expiry or accreditation window end it sooner.
# 0: pages say nothing to shared caches. Browsers revalidate after PAGE_BROWSER_SECONDS.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_BROWSER_SECONDS = env.int("PAGE_BROWSER_SECONDS", default=0)
# Caches to purge after a change: every Varnish's HTTP address (e.g. http://10.0.0.5:8080), or a
# CDN's purge address. All are asked at once when the change commits, by a thread of the process
# (the editor's save never waits on a cache), each given VARNISH_PURGE_TIMEOUT seconds; one that
# missed it is asked again by the worker.
VARNISH_URLS = env.list("VARNISH_URLS", default=[])
PURGE_IN_BACKGROUND = True
VARNISH_PURGE_TIMEOUT = env.float("VARNISH_PURGE_TIMEOUT", default=2.0)
# The header naming what a page shows (Varnish's xkey module reads "xkey"; a CDN that purges by
# tag reads its own, e.g. "Surrogate-Key"), and the purge request: its method, the header that
# carries the keys, and any other headers it needs (a CDN's API token: "Fastly-Key=…").
SURROGATE_KEY_HEADER = env.str("SURROGATE_KEY_HEADER", default="xkey")
PURGE_METHOD = env.str("PURGE_METHOD", default="PURGE")
PURGE_HEADER = env.str("PURGE_HEADER", default="xkey-purge")
# The header of the keys whose pages are marked stale rather than dropped (xkey's softpurge):
# readers get the previous copy while one request renders the new one. Empty: every purge is
# hard (a CDN without soft purge by header).
SOFT_PURGE_HEADER = env.str("SOFT_PURGE_HEADER", default="xkey-softpurge")
# Longest time a shared cache may keep a search results page: a change to a result or to which
# items are live purges it sooner; an edit that makes another item match is seen within this.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=60)
PURGE_EXTRA_HEADERS = env.dict("PURGE_EXTRA_HEADERS", default={})
# What Varnish refuses before the app reads it, with the site's French 413 or 414 page: a post
# larger than this (in MB; the admin's, with several attachments, may be larger), an address
# longer than this (gunicorn's limit_request_line is 8190).
REQUEST_BODY_MAX_MB = env.int("REQUEST_BODY_MAX_MB", default=25)
ADMIN_REQUEST_BODY_MAX_MB = env.int("ADMIN_REQUEST_BODY_MAX_MB", default=200)
URL_MAX_LENGTH = env.int("URL_MAX_LENGTH", default=8000)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ville de Namur <presse@namur.be>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Seconds the SMTP connection waits for the server at each step before giving up.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
if EMAIL_TIMEOUT <= 0:
    sys.exit("EMAIL_TIMEOUT doit être un nombre de secondes positif (10 par défaut).")
# E-mails never leave from a request: they are queued in the database and sent by the worker
# (`manage.py db_worker`), which retries a failure EMAIL_MAX_ATTEMPTS times in all, waiting
# EMAIL_RETRY_SECONDS, then twice as long each time (one hour at most), before marking it failed.
# The press list: how long a confirmation link stays valid (unconfirmed subscribers are purged a
# day later), and how many subscription posts a client address may make in a period (seconds).
PRESS_LIST_CONFIRM_DAYS = env.int("PRESS_LIST_CONFIRM_DAYS", default=7)
PRESS_LIST_RATE_LIMIT = env.int("PRESS_LIST_RATE_LIMIT", default=10)
PRESS_LIST_RATE_PERIOD = env.int("PRESS_LIST_RATE_PERIOD", default=600)
# How many e-mails one address typed by visitors may receive from one form in a period (seconds),
# whatever client addresses post it: a press-list confirmation, an accreditation acknowledgment.
RECIPIENT_EMAIL_LIMIT = env.int("RECIPIENT_EMAIL_LIMIT", default=3)
RECIPIENT_EMAIL_PERIOD = env.int("RECIPIENT_EMAIL_PERIOD", default=3600)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
# /healthz says "queue: en retard" when a task has been due for longer than this (seconds)
# without a worker taking it.
QUEUE_LATE_SECONDS = env.int("QUEUE_LATE_SECONDS", default=300)

# The daily jobs, run by the task worker itself (core/scheduled_jobs.py), once a day each at its
# time in Brussels, however many workers run: SCHEDULED_JOBS=command=HH:MM,… (empty: none; then
# run them some other way). Night times after 03:00, clear of the daylight-saving hour.
_SCHEDULED_JOB_DETAILS = {
    "purge_accreditations": {
        "label": _("Effacement des données des demandes d’accréditation échues"),
    },
    "purge_press_list": {
        "label": _("Effacement des abonnés non confirmés de la liste de presse"),
    },
    "prune_db_task_results": {
        "label": _("Nettoyage des tâches en arrière-plan terminées (14 jours)"),
    },
    # Successful sign-ins are kept 90 days for the audit (docs/security.md).
    "axes_reset_logs": {
        "label": _("Nettoyage du journal des connexions (90 jours)"),
        "args": ["--age", "90"],
    },
}
SCHEDULED_JOBS = {
    name: {"at": at, **_SCHEDULED_JOB_DETAILS.get(name, {})}
    for name, at in env.dict(
        "SCHEDULED_JOBS",
        default={
            "purge_accreditations": "03:10",
            "purge_press_list": "03:20",
            "prune_db_task_results": "03:30",
            "axes_reset_logs": "03:40",
        },
    ).items()
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-be"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# The site's own static files are namur_site/static/, found there as an installed app's.
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Let Django serve uploaded media itself: the development default. In production the web server
# or the storage should serve MEDIA_ROOT; SERVE_MEDIA=True there is for a small single server.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not PRODUCTION)  # local storage only
# Where uploaded files live: MEDIA_STORAGE=local (the default: MEDIA_ROOT and PRIVATE_MEDIA_ROOT
# on this server's disk) or s3 (any S3-compatible store, so that several app servers share them:
# public media in AWS_STORAGE_BUCKET_NAME, accreditation documents in PRIVATE_MEDIA_BUCKET).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE={MEDIA_STORAGE!r} : choisissez « local » (disque) "
        "ou « s3 » (stockage objet)."
    )


def s3_options(bucket: str, **options) -> dict:
    """Return the OPTIONS of django-storages' S3 backend for ``bucket``, from the environment."""
    from botocore.config import Config

    return {
        "bucket_name": bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "access_key": env.str("AWS_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_S3_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        # Path-style addresses (endpoint/bucket/key) work with every S3-compatible store.
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
        # Never overwrite: a second upload named as the first gets a new name, as on disk.
        "file_overwrite": False,
        # A store that does not answer fails the request within seconds (a French 503), rather
        # than holding an editor or a journalist while botocore retries.
        "client_config": Config(
            connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3),
            read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=10),
            retries={
                "total_max_attempts": env.int("AWS_S3_MAX_ATTEMPTS", default=3),
                "mode": "standard",
            },
        ),
        **options,
    }


def file_storages(media_storage: str) -> dict:
    """Return the "default" (public media) and "private" entries of STORAGES."""
    if media_storage == "local":
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "core.files.storage.PrivateFileSystemStorage"},
        }
    return {
        "default": {
            "BACKEND": "core.files.storage.PublicS3Storage",
            "OPTIONS": s3_options(
                env.str("AWS_STORAGE_BUCKET_NAME"),
                # Public media: plain, permanent addresses (no signature), served by the store
                # or by AWS_S3_CUSTOM_DOMAIN (a CDN or a proxy in front of the bucket).
                custom_domain=env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                url_protocol=env.str("AWS_S3_URL_PROTOCOL", default="https:"),
                querystring_auth=False,
                default_acl=env.str("AWS_DEFAULT_ACL", default="") or None,
            ),
        },
        "private": {
            "BACKEND": "core.files.storage.PrivateS3Storage",
            "OPTIONS": s3_options(
                env.str("PRIVATE_MEDIA_BUCKET"),
                # Private documents: objects readable by no one but the site's own key; the
                # storage gives no URL at all, staff download through the permission-checked
                # view.
                default_acl="private",
                querystring_auth=True,
            ),
        },
    }


STORAGES = {
    **file_storages(MEDIA_STORAGE),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def media_origins(storages: dict) -> list[str]:
    """Return the origin that serves public media when it is not the site: the store or its CDN."""
    options = storages["default"].get("OPTIONS", {})
    if "bucket_name" not in options:
        return []
    if options["custom_domain"]:
        return [f"{options['url_protocol']}//{options['custom_domain'].split('/')[0]}"]
    if options["endpoint_url"]:
        scheme, _sep, rest = options["endpoint_url"].partition("://")
        return [f"{scheme}://{rest.split('/')[0]}"]
    return [f"https://{options['bucket_name']}.s3.amazonaws.com"]


MEDIA_ORIGINS = media_origins(STORAGES)

# Security headers. The Content-Security-Policy allows no inline script or style: a page
# that needs a script ships it as a static file, or carries the request's nonce.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# Browser features the site never uses, off for every page and anything embedded in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs (core/logs.py): time, level, logger and the request id on every line; LOG_FORMAT=json for
# one JSON object a line, as log collectors read them.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    sys.exit("LOG_FORMAT doit valoir « text » ou « json ».")
LOGGING = logging_config(fmt=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))

# What the layout shows about the city; editors change the legal pages in the admin.
CITY = {
    "name": env.str("CITY_NAME", default="Ville de Namur"),
    "address": env.str(
        "CITY_ADDRESS", default="Hôtel de Ville, Esplanade de l’Hôtel de Ville 1, 5000 Namur"
    ),
    "phone": env.str("CITY_PHONE", default="+32 81 24 60 00"),
    "email": env.str("CITY_EMAIL", default="communication@ville.namur.be"),
}
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# The press list's e-mails (presslist/sending.py): sender, reply address, and pace. A release
# goes out in batches of PRESS_LIST_BATCH_SIZE, one SMTP connection each, at most
# PRESS_LIST_MESSAGES_PER_SECOND in all (0: as fast as the server takes them). An e-mail left
# "being sent" by a worker killed mid-send is marked failed, never sent again by itself, after
# PRESS_LIST_SENDING_TIMEOUT seconds.
PRESS_LIST_FROM_EMAIL = env.str("PRESS_LIST_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
PRESS_LIST_REPLY_TO = env.str("PRESS_LIST_REPLY_TO", default=CITY["email"])
PRESS_LIST_BATCH_SIZE = env.int("PRESS_LIST_BATCH_SIZE", default=100)
PRESS_LIST_MESSAGES_PER_SECOND = env.float("PRESS_LIST_MESSAGES_PER_SECOND", default=20.0)
PRESS_LIST_SENDING_TIMEOUT = env.int("PRESS_LIST_SENDING_TIMEOUT", default=900)
if PRESS_LIST_BATCH_SIZE < 1 or PRESS_LIST_MESSAGES_PER_SECOND < 0:
    sys.exit(
        "PRESS_LIST_BATCH_SIZE doit être un entier positif et PRESS_LIST_MESSAGES_PER_SECOND un "
        "nombre positif ou nul."
    )
if PRESS_LIST_SENDING_TIMEOUT < EMAIL_TIMEOUT * 3:
    sys.exit("PRESS_LIST_SENDING_TIMEOUT doit dépasser trois fois EMAIL_TIMEOUT.")

# Telephone numbers (namur_site/phones.py): read with Belgium as the default country, stored in
# E.164, and str() of a number is E.164 too, as tel: links need.
PHONENUMBER_DEFAULT_REGION = "BE"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "E164"


def _legal_page_url(page) -> str:
    from django.urls import reverse

    return reverse("flatpage", kwargs={"url": page.url.lstrip("/")})


# Legal pages are served by core.legal_pages, not by Django's flatpage view, which
# FlatPage.get_absolute_url() would look for: footer, sitemap and the admin's "view on site".
ABSOLUTE_URL_OVERRIDES = {"flatpages.flatpage": _legal_page_url}

# Press accreditations. Uploaded documents (ID, photo, letter of assignment) live outside
# MEDIA_ROOT, where no URL serves them; staff download them through a permission-checked view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))
# Days after an event ends before `manage.py purge_accreditations` erases the personal data.
ACCREDITATION_RETENTION_DAYS = env.int("ACCREDITATION_RETENTION_DAYS", default=90)
# Days a backup archive is kept (`manage.py backup_site`, docs/operations.md): older archives are
# deleted, and the erasure journal forgets what was erased before, as no archive kept holds it.
BACKUP_RETENTION_DAYS = env.int("BACKUP_RETENTION_DAYS", default=30)
# Form posts allowed per IP address and period (seconds), counted in the cache.
ACCREDITATION_RATE_LIMIT = env.int("ACCREDITATION_RATE_LIMIT", default=10)
ACCREDITATION_RATE_PERIOD = env.int("ACCREDITATION_RATE_PERIOD", default=600)
# A form sent faster than this (seconds) after it was displayed is taken for a robot.
ACCREDITATION_MIN_FILL_SECONDS = env.int("ACCREDITATION_MIN_FILL_SECONDS", default=3)

# Tag addresses in plain ASCII: « Fêtes de Wallonie » → /actualites/tag/fetes-de-wallonie/.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
TAGGIT_CASE_INSENSITIVE = True

# The list index of news carries extra columns for PostgreSQL's index-only scans; SQLite builds
# it without them, which is all this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]


# --- Sign-in protection and the client's address ------------------------------------------------
# Reverse proxies in front of the app (load balancer, Varnish, nginx…). 0: the client is the peer
# (REMOTE_ADDR). N: each proxy appends the address it got the request from to X-Forwarded-For,
# and the N-th address from the right is the client's (namur_site/client_ip.py). The login
# lockout and the accreditation rate limit both count per this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# django-axes: after LOGIN_FAILURE_LIMIT failed sign-ins for one user name from one address, that
# pair is refused (even the right password) for LOGIN_COOLOFF_MINUTES after its last failure.
# Counting the pair, not the name alone, keeps an attacker from locking a colleague out.
INSTALLED_APPS += ["namur_site.vendor_apps.LoginSecurityConfig"]
# Last, as axes asks: it turns the refusal flagged by its backend into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "namur_site.auth.NoDemoPasswordBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are refused without being recorded or logged: hammering a locked
# pair neither grows its row nor floods the log, and the lock ends a cool-off after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"
# Passwords are always masked in axes' log lines and in the form data it records; the user name
# too, as people sometimes type their password into that field. The address stays readable.
AXES_SENSITIVE_PARAMETERS = ["username"]
# Failures and lockouts are warnings; axes' per-request housekeeping notes are not worth a line.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}


# --- Errors and metrics (docs/operations.md, « Logs, errors, metrics ») ------------------------
# Errors go to a Sentry-compatible service when SENTRY_DSN is set, stripped of personal data
# (core/error_reports.py); nothing is sent when it is not.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core import error_reports

    error_reports.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        release=env.str("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Prometheus metrics (core/metrics.py), served only on the address the operator names, never on
# the site's: METRICS_ADDRESS for gunicorn (namur_site/gunicorn.py), WORKER_METRICS_ADDRESS for
# the worker; "port" alone means 127.0.0.1:port. Unset: no metrics server.
METRICS_ADDRESS = env.str("METRICS_ADDRESS", default="")
WORKER_METRICS_ADDRESS = env.str("WORKER_METRICS_ADDRESS", default="")
INSTALLED_APPS += ["django_prometheus"]
# Last: it sees the answer as it leaves.
MIDDLEWARE += ["django_prometheus.middleware.PrometheusAfterMiddleware"]
PROMETHEUS_EXPORT_MIGRATIONS = False
# E-mails are counted (sent, failed) on their way to the real backend.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set from EMAIL_URL above
EMAIL_BACKEND = "core.metrics.CountingEmailBackend"
if METRICS_ADDRESS or WORKER_METRICS_ADDRESS:
    # Queries counted too, by django-prometheus's wrappers of the same database backends. (Its
    # Redis cache wrapper needs django-redis, which the site does not use: the cache that
    # matters, Varnish, has its own exporter.)
    _COUNTED_ENGINES = {
        "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
        "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    }
    for _database in DATABASES.values():
        _database["ENGINE"] = _COUNTED_ENGINES.get(_database["ENGINE"], _database["ENGINE"])
