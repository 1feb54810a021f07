"""Settings shared by every environment, read from environment variables.

DATABASE_URL picks the database (SQLite file in the project folder when unset),
REDIS_URL turns on the Redis cache, DEBUG/SECRET_KEY/ALLOWED_HOSTS behave as usual.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from js_asset import Script

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105 (refused below when DEBUG is off)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY in the environment."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "config.third_party.apps.SignInLockoutConfig",
    "django_filters",
    "config.third_party.apps.TaskQueueConfig",
    "config.third_party.apps.RenditionsConfig",
    "import_export",
    "django_prose_editor",
    "config.third_party.apps.ThirdPartyAdminConfig",
    "config.images",
    "config.revisions",
    "metrics",
    "profiles",
    "forum",
    "forum.registrations",
    "forum.news",
    "forum.matchmaking",
    "forum.website",
    "forum.demo",
    "config.backup",
]

MIDDLEWARE = [
    # Pages from the cache skip all the rest (config/common/page_cache.py), the security
    # middleware too: a stored page carries the headers it added, and a request it would
    # redirect to HTTPS finds no page stored for its plain-HTTP address.
    "config.common.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RefuseMalformedRequests",
    # Links in e-mails written during a request point at the address it came to.
    "config.common.site.RequestSiteAddress",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "forum.website.context_processors.site",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's CSRF one: a form page kept in the cache holds no visitor's token.
                "config.common.page_cache.csrf_token_placeholder",
            ],
            # The admin's error summary (templates/admin/change_form.html).
            "libraries": {"admin_errors": "config.common.admin_errors"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default cost of a random page read (4) is a spinning disk's; on SSDs and
    # with the tables cached it is close to a sequential one. At 1.1 PostgreSQL reads the few
    # rows a search finds through its indexes (trigram, order) instead of scanning tables.
    # Set per connection, so every environment plans alike without touching the server.
    DATABASES["default"]["OPTIONS"] = {"options": "-c random_page_cost=1.1"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer holds the lock; IMMEDIATE takes the write lock at
    # the start of a transaction, which serializes concurrent writers instead of failing them.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# `manage.py backup` writes timestamps to the microsecond (Django's JSON stops at milliseconds).
SERIALIZATION_MODULES = {"backup_json": "config.backup.serializer"}

# Each content row's public page. The website (the top app) owns the pages; wiring their
# addresses here keeps the content apps from naming an app that stands on them, while
# `get_absolute_url()` (templates, sitemaps, the admin's "view on site") works as usual.
ABSOLUTE_URL_OVERRIDES = {
    "profiles.person": lambda person: reverse(
        "website:person_detail", kwargs={"slug": person.slug}
    ),
    "profiles.organization": lambda organization: reverse(
        "website:organization_detail", kwargs={"slug": organization.slug}
    ),
    "forum.edition": lambda edition: reverse(
        "website:edition_detail", kwargs={"number": edition.number}
    ),
    "metrics.sector": lambda sector: reverse("website:sector_detail", kwargs={"slug": sector.slug}),
    "metrics.indicator": lambda indicator: reverse(
        "website:indicator_detail", kwargs={"slug": indicator.slug}
    ),
    "news.article": lambda article: reverse(
        "website:article_detail", kwargs={"slug": article.slug}
    ),
    "news.tag": lambda tag: reverse("website:article_list") + f"?tag={tag.slug}",
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.common.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages for anonymous visitors come from the cache (config/common/page_cache.py),
# exact through the content version; off only to measure the cost of building them. Pages
# showing seats left and whether registration is open are kept this many seconds at most.
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_BRIEF_SECONDS = int(os.environ.get("PAGE_CACHE_BRIEF_SECONDS", "5"))
# Each app server process also keeps copies of the pages it served last, up to this many bytes,
# and then reads only the content version from the cache (0: none).
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_MB", "16")) * 1024 * 1024

# Sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from
# one address, that username is refused from that address for LOGIN_LOCKOUT_MINUTES (each
# further try restarts the wait). Per username *and* address: locking by username alone would
# let anyone lock a colleague out from anywhere. A superuser unlocks at once in admin (Access
# attempts: delete the row) or with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.views.login_locked_out"
# The client's address as the registration rate limit sees it (trusted proxies included).
AXES_CLIENT_IP_CALLABLE = "forum.registrations.ratelimit.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Renditions go where the uploads are (MEDIA_ROOT, under renditions/): one folder to back
    # up and to serve.
    "easy_thumbnails": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The media library (config/images): uploads over these limits are refused before anything is
# stored, with a message saying the limit.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
# Django keeps larger uploads in a temporary file rather than in memory while they are checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# easy-thumbnails makes the renditions (config/images/renditions.py lists them): under
# MEDIA_ROOT/renditions/, named by a hash of the source and the options, so a new focal point
# or a new file gives new names and a cached copy is never stale.
THUMBNAIL_BASEDIR = "renditions"
THUMBNAIL_NAMER = "easy_thumbnails.namers.source_hashed"
THUMBNAIL_PRESERVE_EXTENSIONS = None
THUMBNAIL_IMAGE_SAVE_OPTIONS = {"WEBP": {"method": 4}}

# Spreadsheet import and export of content (django-import-export): Editors (who may add and
# change content) may import and export; Organizers (who only view content) may not. CSV
# cells that a spreadsheet would run as formulas are defused on export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The rich-text editor (config.common.text.RichTextField): django-prose-editor's configurable
# preset, loaded so that it runs under the CSP (see static/admin-extra/prose-editor.js).
DJANGO_PROSE_EDITOR_PRESETS = {
    "csp": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("admin-extra/prose-editor.js", type="module"),
    ],
}

SITE_NAME = _("Shanghai Innovation & Entrepreneurship Youth 50 Forum")
# Absolute links (canonical, sitemap, e-mails) are built from the request when there is one;
# this is the fallback for e-mails sent by the worker.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "forum@youth50.example")
# Seconds the SMTP mailer (prod.py) waits on each step of a conversation, so a mail server that
# accepts the connection and never answers fails the send instead of holding the worker.
SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "20"))

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The outbox's worker (forum/registrations/tasks.py). A worker claims an e-mail before sending
# it; a claim older than this many seconds means that worker died or hung, and the e-mail is
# owed again. Far above the longest conversation the SMTP timeout allows, so a slow send that is
# still alive is never sent a second time.
REGISTRATION_EMAIL_CLAIM_TIMEOUT = float(
    os.environ.get("REGISTRATION_EMAIL_CLAIM_TIMEOUT", str(SMTP_TIMEOUT * 15))
)
# Seconds the worker waits, after sending a batch smaller than it may claim, before claiming
# again: during a rush e-mails then go out in batches (one claim and one read for many) instead
# of one by one as each registration commits; none waits longer than this for it.
REGISTRATION_EMAIL_BATCH_WAIT = float(os.environ.get("REGISTRATION_EMAIL_BATCH_WAIT", "0.25"))
# Seconds between two runs of the worker's sweep, which queues again what a dead worker or a
# lost task left owed (a task in the database queue that re-queues itself: no cron needed).
REGISTRATION_EMAIL_SWEEP_INTERVAL = float(os.environ.get("REGISTRATION_EMAIL_SWEEP_INTERVAL", "60"))
# Seconds between two runs of the worker's publishing job (config/revisions/scheduling.py),
# which also runs at the exact time of each scheduled publication or unpublication.
PUBLISHING_SCHEDULE_INTERVAL = float(os.environ.get("PUBLISHING_SCHEDULE_INTERVAL", "60"))
# How long a signed preview link given to a reviewer without an account stays valid (seconds).
PREVIEW_LINK_MAX_AGE = int(os.environ.get("PREVIEW_LINK_MAX_AGE", str(7 * 24 * 3600)))

# Submissions per client address, e.g. "5/m", "100/h"; "0" turns the limit off.
REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "5/m")
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the client
# is REMOTE_ADDR). Behind one nginx, set 1, or every visitor shares the proxy's address.
REGISTRATION_RATE_LIMIT_PROXIES = int(os.environ.get("REGISTRATION_RATE_LIMIT_PROXIES", "0"))
# Unknown check-in codes one staff user may try at the door, e.g. "20/10m" (20 per 10 minutes);
# past it their scans are refused for a while. "0" turns the limit off.
CHECKIN_UNKNOWN_CODE_LIMIT = os.environ.get("CHECKIN_UNKNOWN_CODE_LIMIT", "20/10m")

# Every record goes through one console handler whose filter masks ticket tokens (a private
# link's token must not reach a log line). Django's own default handlers on "django" and
# "django.server" would write unmasked copies: they are removed, and those records propagate
# to the root's handler instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_ticket_tokens": {"()": "config.logging.MaskTicketTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_ticket_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
