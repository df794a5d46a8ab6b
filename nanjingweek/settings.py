"""Settings for Nanjing Week, read from the environment (README.md, "Configuration").

With no variable set this is a working demo: DEBUG on, a SQLite file in the
project, e-mail to the console. With DEBUG off the site refuses to start until
SECRET_KEY and ALLOWED_HOSTS are given, and then passes `check --deploy`.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from nanjingweek.media_storage import MediaConfigurationError, media_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if not DEBUG:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        # A clear line on stderr instead of a traceback: this is an operator's mistake, not a bug.
        sys.exit(
            "Nanjing Week refuses to start with DEBUG off: set "
            + " and ".join(missing)
            + " in the environment (see README.md, Configuration)."
        )
else:
    # Development only: a fixed key so sessions survive restarts of the demo server.
    SECRET_KEY = SECRET_KEY or "django-insecure-nanjing-week-development-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that it can patch the admin's forms.
    "modeltranslation",
    # Django's admin with our site class (the second factor at login): nanjingweek/accounts/site.py.
    "nanjingweek.accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Organizer accounts: login lockout, two-factor login (nanjingweek/accounts/).
    "nanjingweek.third_party_apps.LoginProtectionConfig",
    "django_otp",
    "nanjingweek.third_party_apps.AuthenticatorAppsConfig",
    # Who changed the programme, when and what (nanjingweek/history.py).
    "simple_history",
    "nanjingweek",
    "events",
    "exhibitions",
    "partners",
]

MIDDLEWARE = [
    # Outermost, so that every response gets the security headers, also one a later middleware answers itself.
    "nanjingweek.security_headers.SecurityHeadersMiddleware",
    # django-csp's, building the (constant) policy once instead of on every response.
    "nanjingweek.security_headers.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An unreachable database answers a translated 503: before every middleware that may query it (sessions, auth).
    "nanjingweek.availability.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Bad requests (NUL in the path, query, form or session cookie) are refused with a 400 before any view runs.
    "nanjingweek.request_guards.RequestGuardMiddleware",
    # A stored public page is sent from here, without the middleware below, the URL resolver or the view: after
    # LocaleMiddleware (the language is part of its key) and the guards (nanjingweek/page_cache.py).
    "nanjingweek.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth: the programme's history records the organizer who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Staff sessions: idle expiry (after messages, to say why), then django-otp's verified flag on request.user.
    "nanjingweek.accounts.sessions.StaffSessionMiddleware",
    # Admin pages in the organizer's own language (their preference, else Accept-Language): after the idle logout.
    "nanjingweek.accounts.admin_language.AdminLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Who makes the request, for the model signals that record who changed a text (nanjingweek/translation_review.py).
    "nanjingweek.current_user.CurrentUserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a login it locked out into the lockout page (nanjingweek/accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
]

# Form fields written in Python where Django's own templates would be used (nanjingweek/form_renderer.py, issue 15).
FORM_RENDERER = "nanjingweek.form_renderer.FormRenderer"

ROOT_URLCONF = "nanjingweek.urls"
WSGI_APPLICATION = "nanjingweek.wsgi.application"
ASGI_APPLICATION = "nanjingweek.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nanjingweek.context_processors.site",
                "nanjingweek.context_processors.second_clock",
            ],
            # Composed text (quotes, labels, lists, brackets) in every template without a {% load %}: a new
            # template gets the reader's punctuation by default.
            "builtins": ["nanjingweek.templatetags.typography"],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no useful persistent connection; a busy timeout avoids "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # BEGIN IMMEDIATE: writers queue up instead of failing with "database is locked" when two upgrade at once,
    # and a transaction that counts seats sees no other writer until it commits.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

# Availability (nanjingweek/availability.py; README.md, "Configuration"): no request waits on PostgreSQL for long.
# A connection attempt gives up after DATABASE_CONNECT_TIMEOUT seconds (libpq counts at least 2) and the server
# cancels a statement after DATABASE_STATEMENT_TIMEOUT (0: never; lock waits count too). Visitors then get the 503
# page with Retry-After: UNAVAILABLE_RETRY_AFTER seconds. gunicorn.conf.py keeps its worker timeout above the two.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 15)
UNAVAILABLE_RETRY_AFTER = env_int("UNAVAILABLE_RETRY_AFTER", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # Server-side, per connection; options a DATABASE_URL brings (?options=...) are kept after it.
    _statement_timeout = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    _options["options"] = f"{_statement_timeout} {_options.get('options', '')}".strip()
    # Connection pool (psycopg_pool; README.md, "Configuration"): DATABASE_POOL=1 keeps DATABASE_POOL_MIN_SIZE
    # connections open per gunicorn worker and opens up to DATABASE_POOL_MAX_SIZE; a request that finds none free
    # within DATABASE_CONNECT_TIMEOUT seconds gets the 503 page like one that cannot connect. Django refuses a pool
    # with persistent connections, so the pool always sets CONN_MAX_AGE to 0 (DATABASE_CONN_MAX_AGE is ignored).
    if env_bool("DATABASE_POOL", False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        _options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
            "timeout": DATABASE_CONNECT_TIMEOUT,
        }
# Load balancers probe /healthz and /readyz over plain HTTP: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache for several app servers (and the registration rate limit): Redis when REDIS_URL is set.
# Without it, production keeps the cache in the database (table made by nanjingweek/migrations/0003), which all
# worker processes share and count in atomically (nanjingweek/ratelimit.py); the demo and the tests keep it in
# each process's memory. MAX_ENTRIES: the database cache deletes a third of its rows beyond it, live ones too.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "nanjingweek.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "nanjingweek",
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nanjingweek_cache",
            "KEY_PREFIX": "nanjingweek",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Public pages rendered once per content version (nanjingweek/page_cache.py): kept in each process's memory, keyed
# on version tokens that live in the shared cache above, so a change saved on one server is seen at once on all.
# PAGE_CACHE=0 renders every page afresh (./dev bench measures both); PAGE_CACHE_SECONDS bounds how long a page is
# kept although nothing changed; PUBLIC_PAGE_MAX_AGE is how long browsers and a CDN may keep a page without asking
# again (0: they keep it but ask each time, answered with 304 Not Modified when nothing changed).
CACHES["pages"] = {
    # Django's LocMemCache without pickling: pages are read on every hit (nanjingweek/page_store.py).
    "BACKEND": "nanjingweek.page_store.ObjectLocMemCache",
    "LOCATION": "nanjingweek-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2000)},
}
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's 8 characters, and 12 for organizers (staff), whose passwords open the admin.
    {"NAME": "nanjingweek.accounts.passwords.StaffMinimumLengthValidator", "OPTIONS": {"staff_min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: every public URL carries one of these prefixes.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["nanjingweek.formats"]
USE_I18N = True
# The language chosen in the switcher (nanjingweek.views.choose_language), in Django's language cookie: kept
# for a year and sent on arrival from another site (Lax), so that `/` opens in it before Accept-Language decides.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG

# Times are stored in UTC; pages show each event in its venue's zone.
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "de", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",)}


def _localized_verbose_name(verbose_name, language: str) -> str:
    """ "Title [German]", „Titel [Deutsch]“: a language column's label names its language, not its code (de)."""
    return f"{verbose_name} [{dict(LANGUAGES).get(language, language)}]"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name
# modeltranslation's tabbed admin loads jQuery UI from a CDN by default; serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static files: served by the app itself (WhiteNoise), compressed and with hashed names in production.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# --- Media (nanjingweek/media_storage.py; README.md, "Configuration") ---------------------------------------
# On this server's disk by default (MEDIA_ROOT, under MEDIA_URL); MEDIA_STORAGE=s3 puts every stored file in an
# S3-compatible bucket (AWS_* variables) and links it from there or from a CDN in front of it (MEDIA_URL follows).
try:
    _media = media_settings(os.environ)
except MediaConfigurationError as error:
    sys.exit(f"Nanjing Week cannot start: {error} See README.md, Configuration.")
# "disk" or "s3": what MEDIA_STORAGE chose (backups ask it).
MEDIA_STORAGE = _media.kind
MEDIA_URL = _media.media_url or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded media from this server's disk; never with a bucket, which serves its files itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG) and _media.kind == "disk"
STORAGES = {
    "default": _media.storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: the console unless configured (the demo script writes to a folder instead).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Nanjing Week <noreply@nanjingweek.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Mail outbox (events/outbox.py; README.md, "Configuration" and "Production"). E-mails are rows sent by
# `manage.py run_mail_worker`; only the local backends (console, file, locmem) also send right after the
# request's commit, unless EMAIL_SEND_IN_REQUEST says otherwise (unset: decided by EMAIL_BACKEND).
EMAIL_SEND_IN_REQUEST = (
    env_bool("EMAIL_SEND_IN_REQUEST", False) if os.environ.get("EMAIL_SEND_IN_REQUEST", "").strip() else None
)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 10)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)
EMAIL_WORKER_POLL_SECONDS = env_int("EMAIL_WORKER_POLL_SECONDS", 1)

# Security: strict whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Behind a load balancer (README.md, "Running on several machines") ---------------------------------------------
# Headers a proxy sets are believed only when TRUSTED_PROXY_COUNT says how many proxies stand in front (a balancer:
# 1), since any client can send them too: X-Forwarded-For for the client's address (the rate limit and the login
# lockout, nanjingweek/client_address.py), X-Forwarded-Proto with SECURE_PROXY_SSL_HEADER=1 (the balancer ends TLS),
# X-Forwarded-Host with USE_X_FORWARDED_HOST=1 (the balancer rewrites Host). The two without the count are refused.
# gunicorn.conf.py trusts no forwarded header itself, so these settings alone decide.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
_proxy_headers = [name for name in ("SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST") if env_bool(name, False)]
if _proxy_headers and TRUSTED_PROXY_COUNT < 1:
    sys.exit(
        "Nanjing Week refuses to start: " + " and ".join(_proxy_headers) + " trust a load balancer's headers; "
        "set TRUSTED_PROXY_COUNT (1 for one balancer) to say one stands in front (see README.md, Configuration)."
    )
if "SECURE_PROXY_SSL_HEADER" in _proxy_headers and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = "USE_X_FORWARDED_HOST" in _proxy_headers
# --- end: behind a load balancer ------------------------------------------------------------------------------------

# Security headers (README.md, "Production"). A Content-Security-Policy without inline allowances on every
# response, by django-csp: every script and style comes from a file of this site (JSON-LD is data, not script),
# so no page needs a nonce and a rendered page can be cached and served to anyone. Nothing is meant to be
# embedded: frame-ancestors 'none', as X-Frame-Options DENY says to older browsers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# What django-csp does not send (nanjingweek.security_headers): every browser feature off but where a view asks
# for one (@permissions_policy(camera=["self"]) on the check-in page), and this site's files for this site only.
# The features are those Chromium knows (an unknown name only adds a console warning); browsing-topics is what
# interest-cohort (FLoC) became.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ],
    (),
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
if _media.origin:
    # Media in a bucket: images (and only images) from its host or CDN too.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = ["'self'", _media.origin]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Bad requests: the CSRF failure page in the site's frame and language (nanjingweek/views.py), not Django's English one.
CSRF_FAILURE_VIEW = "nanjingweek.views.csrf_failure"

# Organizer accounts (nanjingweek/accounts/; README.md, "Configuration" and "Organizer accounts"). Failed logins
# are counted by django-axes in the database, so every process and server sees the same count, per user name and
# per address (either one reaching the limit locks); a successful login clears its own. django-axes checks first,
# then Django's ModelBackend checks the password. Two-factor login by TOTP app (django-otp), required for all staff
# when STAFF_REQUIRE_TWO_FACTOR is on. Staff sessions end when the browser closes and after an idle time; the only
# sessions the site has are staff's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nanjingweek.accounts.lockout.lockout_response"
# The user name cut to what axes' columns hold: a 10 KB one is counted, not a 500 (nanjingweek/accounts/lockout.py).
AXES_USERNAME_CALLABLE = "nanjingweek.accounts.lockout.attempted_username"
# The password is always masked in axes' log lines and records; the code too. The user name and the address stay:
# they are what an operator needs to see who is attacked from where.
AXES_SENSITIVE_PARAMETERS = ["otp_token"]
# The address as the rate limit sees it: the client's behind a trusted balancer, never a forged header's.
AXES_CLIENT_IP_CALLABLE = "nanjingweek.client_address.client_address"
STAFF_REQUIRE_TWO_FACTOR = env_bool("STAFF_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "Nanjing Week"
# Superusers see staff members' devices in the admin, never their keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The database forgets a session a minute after the idle limit (the middleware notes activity once a minute).
SESSION_COOKIE_AGE = (STAFF_SESSION_IDLE_MINUTES + 1) * 60

# Where the site is reached from outside: links in e-mails are built on it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Registrations (README.md, "Configuration").
REGISTRATION_CONFIRMATION_HOURS = env_int("REGISTRATION_CONFIRMATION_HOURS", 48)
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 90)
REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "5/m")
# The reminder with the ticket goes out this many hours before an event begins (manage.py send_reminders).
REGISTRATION_REMINDER_HOURS = env_int("REGISTRATION_REMINDER_HOURS", 24)
# How long a proofreading link to a draft's preview works, in seconds (nanjingweek/previews.py): 7 days.
PREVIEW_LINK_MAX_AGE = env_int("PREVIEW_LINK_MAX_AGE", 7 * 24 * 3600)
# Folders searched for the fonts of PDF tickets and badges (Noto Sans CJK, Debian's fonts-noto-cjk; events/tickets.py):
# fontconfig's system folders unless told otherwise, comma-separated.
TICKET_FONT_DIRS = env_list("TICKET_FONT_DIRS", "/usr/share/fonts,/usr/local/share/fonts")

# Uploaded images (README.md, "Configuration").
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 8 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {
        # Attendee tokens masked in every line (`Not Found: /en/registration/…/`): personal data out of the logs.
        "mask_tokens": {"()": "nanjingweek.log_privacy.MaskAttendeeTokens"},
        # A database outage is logged once, as a warning, by nanjingweek.availability.
        "skip_reported_unavailability": {"()": "nanjingweek.availability.SkipReportedUnavailability"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": sys.stdout,
            "formatter": "plain",
            "filters": ["mask_tokens", "skip_reported_unavailability"],
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request errors go to stdout like everything else, not to ADMINS by e-mail.
        "django": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        # django-axes announces its version at every start, also of each management command, on stdout; its
        # login failures and lockouts (axes.handlers) still log.
        "axes.apps": {"level": "WARNING"},
    },
}
