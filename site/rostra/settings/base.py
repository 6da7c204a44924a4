"""Settings shared by every environment. Each value that differs between
deployments comes from an environment variable; dev, test and production only
choose defaults and switch on what their environment needs."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from rostra import plugins
from rostra.config import ConfigurationError, env, env_bool, env_int, env_list

SITE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = SITE_DIR.parent
VAR_DIR = Path(env("ROSTRA_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", ".localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins come from the ``rostra.plugins`` entry points; a broken one can be
# left out without uninstalling it.
ROSTRA_PLUGINS_EXCLUDE = env_list("ROSTRA_PLUGINS_EXCLUDE")
ROSTRA_PLUGINS = plugins.discover(exclude=ROSTRA_PLUGINS_EXCLUDE)

INSTALLED_APPS = [
    "rostra",
    "rostra.sitesettings",
    "rostra.pages",
    "rostra.people",
    "rostra.mail",
    "rostra.cache_purge",
    "rostra.worker",
    *ROSTRA_PLUGINS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    # Country names and their translations (rostra.countries).
    "django_countries",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's search index uses PostgreSQL GIN indexes there; harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rostra.canonical_host.CanonicalHostMiddleware",
    "rostra.csp.ContentSecurityPolicyMiddleware",
    "rostra.http_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rostra.language_prefix.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rostra.scoping.AdminViewScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rostra.url_ids.UrlIdRangeMiddleware",
    "rostra.themes.middleware.SiteThemeMiddleware",
    "rostra.pages.serving.RequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "rostra.urls"
WSGI_APPLICATION = "rostra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                (
                    "rostra.themes.loader.CachedLoader",
                    [
                        "rostra.themes.loader.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    }
]

# Database: DATABASE_URL (postgres://… in production, sqlite:///… embedded).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rostra.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and IMMEDIATE transactions let the web process and the task worker
    # share the embedded database without "database is locked" errors.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL in production (shared by every app server), memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "rostra"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work goes through Django's tasks API; the database-backed worker
# (``manage.py db_worker``) is the embedded default.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French first (the default), English second. Pages are translated
# with Wagtail's locales; English URLs live under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SITE_DIR / "rostra" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

# Themes: each folder of ROSTRA_THEMES_DIR holds one theme (templates + static).
ROSTRA_THEMES_DIR = Path(env("ROSTRA_THEMES_DIR", PROJECT_DIR / "themes"))
ROSTRA_DEFAULT_THEME = env("ROSTRA_DEFAULT_THEME", "tricolore")
if not ROSTRA_THEMES_DIR.is_dir():
    raise ConfigurationError(f"ROSTRA_THEMES_DIR={ROSTRA_THEMES_DIR} is not a directory.")
STATICFILES_DIRS = [
    (f"themes/{path.name}", path / "static")
    for path in sorted(ROSTRA_THEMES_DIR.iterdir())
    if (path / "static").is_dir()
]

# Media storage: local files by default, S3-compatible object storage (an EU
# region) when a bucket is configured.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env("MEDIA_S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("MEDIA_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("MEDIA_S3_REGION", "fr-par")
    AWS_ACCESS_KEY_ID = env("MEDIA_S3_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = env("MEDIA_S3_SECRET_ACCESS_KEY")
    AWS_S3_CUSTOM_DOMAIN = env("MEDIA_S3_CUSTOM_DOMAIN")
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# Email: SMTP configured from the environment (Django's MAILERS); every message
# goes through rostra.mail (rendered per language, sent by a background task).
EMAIL_BACKEND_PATH = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": {}}}
if EMAIL_BACKEND_PATH == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Rostra <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail.
WAGTAIL_SITE_NAME = env("ROSTRA_INSTANCE_NAME", "Rostra")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Privacy: no avatar from Gravatar, no update check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_FINDERS = []  # the video block stores a link; nothing is fetched from the host
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

# The shared page cache (nginx): how long it may keep a public page, and its
# purge server(s), comma-separated (rostra.cache_purge; unset: no purge, pages
# expire after ROSTRA_PAGE_CACHE_SECONDS). See docs/deployment.md.
ROSTRA_PAGE_CACHE_SECONDS = env_int("ROSTRA_PAGE_CACHE_SECONDS", 0)
ROSTRA_PURGE_URLS = env_list("ROSTRA_PURGE_URL")

# A request to a site under another of its names (127.0.0.1 for localhost,
# example.fr for www.example.fr) is redirected to the host name of its Site row,
# the one every link, payment return and email is built with (rostra.canonical_host).
ROSTRA_REDIRECT_TO_CANONICAL_HOST = env_bool("ROSTRA_REDIRECT_TO_CANONICAL_HOST", True)

# Behind a reverse proxy, the request header holding the visitor's address
# (e.g. X-Real-IP, set by nginx); empty: the connection's address (REMOTE_ADDR).
ROSTRA_CLIENT_IP_HEADER = env("ROSTRA_CLIENT_IP_HEADER", "")

# Content-Security-Policy for public pages: everything from the site itself,
# no inline script or style. The admin has its own (ROSTRA_ADMIN_CSP, below).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Videos load from the host only after the visitor clicks.
    "frame-src": [
        CSP.SELF,
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
    ],
    "frame-ancestors": [CSP.NONE],  # embeds opt out per view
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The Wagtail admin's policy (rostra.csp): nothing loaded from or sent to another
# host, no framing by another site, no plugins, forms post to the site only.
# Inline code stays allowed: Wagtail's date widgets write inline scripts and its
# editor injects style elements (tests/e2e/test_core_admin_csp.py).
ROSTRA_ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview frames SAMEORIGIN
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "rostra": {"level": env("LOG_LEVEL", "INFO"), "propagate": True},
        # Django's defaults give "django" a console handler of its own when DEBUG:
        # with the root's, every line (each task of var/worker.log) came twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Paths that belong to the Wagtail admin (not public pages: no page cache, admin CSP).
ROSTRA_ADMIN_PREFIXES = ("/admin/", "/documents/", "/_util/")
