"""Settings for Cable Room, read from the environment.

Every variable is listed in `.env.example`; a test keeps the two in agreement.
With nothing set, the site runs on an embedded SQLite file with DEBUG off, and
refuses to start without a SECRET_KEY: `make run` sets a development key itself.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# Our own readers, not django-environ: see the README's layout section for why.
def env_str(name: str, default: str | Path = "") -> str:
    """The variable's value; the default when it is unset or empty (as compose's `${X:-}`)."""
    value = os.environ.get(name, "")
    return value if value.strip() else str(default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (see .env.example), or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

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
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "cableroom",
]

MIDDLEWARE = [
    # Outermost, so every response (static files and refusals too) gets the CSP.
    "cableroom.web.security.SecurityHeadersMiddleware",
    # Error answers of `.json`, `.txt` and `.csv` addresses in their own format.
    "cableroom.web.errors.MachineReadableErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and views: a refused request costs no database query.
    "cableroom.web.security.RequestBoundsMiddleware",
    "cableroom.web.ratelimit.RateLimitMiddleware",
    # Before the page cache, which reads the generation from the request's database.
    "cableroom.web.read_routing.ReadRoutingMiddleware",
    # After the refusals and the limit, before sessions: a cached page costs no session,
    # CSRF or user work (cableroom/web/page_cache.py).
    "cableroom.web.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view's Http404 gets the site's 404 page, DEBUG or not (never the technical one);
    # a text query on a node whose search index is being built, a 503 page saying so.
    "cableroom.web.errors.ErrorPagesMiddleware",
    # Last, as django-axes asks: turns a sign-in lockout into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cableroom.urls"
WSGI_APPLICATION = "cableroom.wsgi.application"

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
                "cableroom.context_processors.archive",
            ],
        },
    },
    {
        # The cable page's article only (README, Performance): Django templates above
        # find every other page first.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "cableroom.templatetags.jinja_environment.environment"},
    },
]

DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "cableroom.sqlite3"


def database_settings(url: str, default_sqlite_path: Path = DEFAULT_SQLITE_PATH) -> dict:
    """The one database, from DATABASE_URL; SQLite file when it is empty."""
    if not url:
        # var/ is gitignored, so a fresh clone lacks it and SQLite would refuse to
        # create the file there.
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{default_sqlite_path}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        # Persistent connections: each gunicorn worker keeps one open.
        config["CONN_MAX_AGE"] = int(env_str("CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_settings(env_str("DATABASE_URL"))}


def replica_databases(urls: list[str]) -> dict:
    """replica1, replica2, ... from DATABASE_REPLICA_URLS; under test, mirrors of the primary."""
    databases = {}
    for number, url in enumerate(urls, start=1):
        config = database_settings(url)
        # A replica that is down must cost seconds, not the operating system's minutes.
        config["OPTIONS"] = {"connect_timeout": 3, **config.get("OPTIONS", {})}
        config["TEST"] = {"MIRROR": "default"}
        databases[f"replica{number}"] = config
    return databases


# Read replicas (cableroom/web/db_router.py): public pages read one of them, chosen per
# request; writes, migrations and the admin use DATABASE_URL. A replica more than
# DATABASE_REPLICA_MAX_LAG seconds behind, or down, is skipped.
DATABASES.update(replica_databases(env_list("DATABASE_REPLICA_URLS")))
REPLICA_ALIASES = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["cableroom.web.db_router.PrimaryReplicaRouter"]
DATABASE_REPLICA_MAX_LAG = float(env_str("DATABASE_REPLICA_MAX_LAG", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Curators' sign-in, throttled by django-axes (cableroom/web/signin.py): failures lock
# the (client, username) pair at SIGN_IN_FAILURE_LIMIT and the client, whatever the
# usernames, at SIGN_IN_CLIENT_LIMIT, for SIGN_IN_LOCKOUT_MINUTES after the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
SIGN_IN_FAILURE_LIMIT = 5
SIGN_IN_CLIENT_LIMIT = 10
SIGN_IN_LOCKOUT_MINUTES = 15
AXES_HANDLER = "cableroom.web.signin.SignInHandler"
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_LOCKOUT_MINUTES)
AXES_CLIENT_IP_CALLABLE = "cableroom.web.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "cableroom.web.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked is not a new failure: the lock ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Security: on unless DEBUG. SECURE_SSL_REDIRECT can be turned off for a
# gunicorn behind a proxy that already redirects, or for local benchmarks.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Behind one reverse proxy that sets X-Forwarded-Proto and appends to X-Forwarded-For:
# believe those two headers. Off, a client could claim HTTPS or another address.
TRUST_PROXY = env_bool("TRUST_PROXY")
if TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks (compose's, a load balancer's) speak plain HTTP to gunicorn itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy is set by cableroom/web/security.py (Django 5.2 has none).

# Searches, exports, feeds, JSON lists and sign-in attempts per client
# (cableroom/web/ratelimit.py): a bucket of RATE_LIMIT_BURST requests refilled at
# RATE_LIMIT_PER_MINUTE; 0 turns the limit off.
RATE_LIMIT_PER_MINUTE = int(env_str("RATE_LIMIT_PER_MINUTE", "60"))
RATE_LIMIT_BURST = int(env_str("RATE_LIMIT_BURST", "20"))
# Readers' lists (cableroom/lists/editing.py): items one list may hold, and lists one
# client (address, or IPv6 /64) may create in a UTC day.
READING_LIST_MAX_ITEMS = int(env_str("READING_LIST_MAX_ITEMS", "200"))
READING_LISTS_PER_CLIENT_PER_DAY = int(env_str("READING_LISTS_PER_CLIENT_PER_DAY", "20"))
# Whole pages for anonymous readers (cableroom/web/page_cache.py), keyed by URL and the
# browse generation, so an import or a curator's edit makes every entry stale at once.
# Files, so all gunicorn workers share one copy with no extra service
# (cableroom/web/file_cache.py). PAGE_CACHE_MAX_ENTRIES=0 turns the page cache off.
PAGE_CACHE_MAX_ENTRIES = int(env_str("PAGE_CACHE_MAX_ENTRIES", "20000"))
PAGE_CACHE_ENABLED = PAGE_CACHE_MAX_ENTRIES > 0
PAGE_CACHE_DIR = Path(env_str("PAGE_CACHE_DIR", BASE_DIR / "var" / "page-cache"))
# The land the map of posts draws (cableroom/browse/world_outline.py): Natural Earth via
# npm's world-atlas, which `make map-deps` installs; the map draws no land without it.
WORLD_OUTLINE_PATH = BASE_DIR / "var" / "map" / "node_modules" / "world-atlas" / "land-110m.json"
# A safety net only: the generation in the key already retires entries on any change.
PAGE_CACHE_SECONDS = 24 * 3600
# Per-process memory for text matches, ranks and snippets (cableroom/search/cache.py), keyed by
# the browse generation like the page cache; SEARCH_CACHE_MB=0 turns it off.
SEARCH_CACHE_BYTES = int(float(env_str("SEARCH_CACHE_MB", "64")) * 1024 * 1024)
# Which engine answers text queries (cableroom/search/backends/): "auto" takes the Tantivy
# index in SEARCH_INDEX_DIR when a complete one is there (`manage.py rebuild_search_index`
# builds it), else the database's own full-text index; "tantivy" the index alone (on
# PostgreSQL the connections then keep no full-text vectors, and a node without a
# complete index says text search is unavailable); "database" never reads the index.
# One folder per node, written by one process at a time: every web worker and the
# importer of the node share it.
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "auto")
if SEARCH_ENGINE not in ("auto", "tantivy", "database"):
    raise ImproperlyConfigured(
        f"SEARCH_ENGINE is {SEARCH_ENGINE!r}: it must be auto, tantivy or database."
    )
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR", BASE_DIR / "var" / "search-index"))
# The browse facet index as files the web workers of a node map and share
# (cableroom/browse/shared_index.py): one process builds each new generation's index, the
# others load it in milliseconds. One folder per node, writable by the app alone.
BROWSE_INDEX_DIR = Path(env_str("BROWSE_INDEX_DIR", BASE_DIR / "var" / "browse-index"))
# While the archive keeps changing (an import), a new browse index is built only once the
# last one has served this many times as long as its build took (cableroom/browse/index.py,
# rebuild_due); pages meanwhile say how old their counts are. 0 builds every change at once.
BROWSE_INDEX_REBUILD_SPACING = float(env_str("BROWSE_INDEX_REBUILD_SPACING", "4"))
# "default" and "ratelimit" are per-process memory caches; point "ratelimit" at a
# shared cache for one bound per site.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit",
    },
    "pages": {
        "BACKEND": "cableroom.web.file_cache.PageFileCache",
        "LOCATION": str(PAGE_CACHE_DIR),
        "TIMEOUT": PAGE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": max(1, PAGE_CACHE_MAX_ENTRIES), "CULL_FREQUENCY": 3},
    },
}

# Where the sample data for `make run` comes from.
CABLEROOM_SHARED_DIR = Path(env_str("CABLEROOM_SHARED_DIR", BASE_DIR.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback": {"()": "cableroom.web.errors.NoTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "filters": ["no_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django gives its "django" logger a console handler of its own (for DEBUG); with
        # the root's as well, each of its lines printed twice. Its records reach the root's.
        "django": {"handlers": [], "level": "INFO"},
        # A request for a host we do not serve is a scanner's, not our bug: one line.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
        # axes writes a line per failed sign-in; cableroom.web.signin writes one per lock.
        "axes": {"level": "ERROR"},
    },
}
