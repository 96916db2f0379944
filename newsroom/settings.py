"""Newsroom settings, read from the environment (see README "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG=0), "
            "or run with DEBUG=1 for local development."
        )
    # Only ever used with DEBUG on, so a leaked value protects nothing of worth.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_filters",
    "taggit",
    "reversion",
    "axes",
    "people",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.ServiceUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    "newsroom.request_locals.RequestLocalsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# Reader pages are Jinja2 (`templates/`, newsroom/jinja2.py says why); the admin and other apps'
# templates, and the overrides in `templates/django/`, are Django's template language.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "context_processors": ["articles.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that costs no query while the connection is sound.
    DATABASES["default"]["ENGINE"] = "newsroom.postgresql"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast while PostgreSQL is unreachable (readers get the 503 page) instead of hanging.
    options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    # No JIT compiling: the site's queries are short, and on a plan the planner thinks costly (a deep
    # page of the people index) compiling took 10–300 ms, longer than running it.
    options.setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
# The site and its admin are in English. Django's translation machinery, left on, looks up every
# month name and label it prints: a twentieth of a list page's time for nothing to translate.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves the hashed, compressed copies `collectstatic` writes (WhiteNoise, far-future
# caching). DEBUG serves the files as they are through the finders, without collectstatic:
# a manifest storage, strict or not, needs the collected files to name them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "admin:login"

# --- HTTPS, cookies and headers (README "Production"); all off with DEBUG=1 for local http. ---
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that always sets X-Forwarded-Proto itself, overwriting the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site's own files only: no inline or third-party script, style or frame (newsroom.middleware).
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

# --- Cache and sessions: local memory by default, Redis when CACHE_URL says so. ---
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": CACHE_URL}}
    # Sessions read from Redis and survive its restart through the database copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL or unset, not {CACHE_URL!r}.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Page cache for anonymous readers (newsroom.page_cache): seconds a page is kept, 0 for off. The
# time also bounds how late a scheduled article can appear. The content generation that makes cached
# pages stale lives next to them in a shared cache, and in the database with local memory, which is
# per process (an edit must reach every process's cache at once). ---
# Off by default with DEBUG, so that a developer's template edits show at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or (0 if DEBUG else 60))
PAGE_CACHE_GENERATION = "cache" if CACHE_URL else "database"
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/static/"]

# --- Admin login throttling (django-axes): 5 failures for one username from one address lock
# that pair out for 15 minutes; a successful login clears the count. Attempts live in the database,
# so every gunicorn worker sees them. ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# The publication's name, shown in the masthead, page titles and feeds.
SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")
