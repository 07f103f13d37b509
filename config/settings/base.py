"""Settings shared by every environment.

Secure by default: DEBUG is off and every secret comes from the environment, so a
missing variable fails loudly instead of running with a guessable value.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None, *, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# The proxy in front (nginx) sets Host itself and passes on a visitor's X-Forwarded-Host and
# X-Forwarded-Port as sent: Django must not read them, or any visitor chooses the site's address in
# links and makes a new copy of a page in the page cache with each value.
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "services",
    "portal.users",
    "portal.schools",
    "portal.orders",
    "portal.placements",
    "bookings",
    "figures",
    "records",
    "portal",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.users.apps.WagtailUsersConfig",  # Wagtail's users app with our Users > Edit form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: a stored public page keeps every header the others add, and is served without touching
    # the session or the database (config/wsgi.py serves it before Django handles the request at all).
    "common.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The site and the contact details, kept between requests until the page cache is purged.
    "home.middleware.RememberedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.users.two_factor.TwoFactorForAdminMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.csp.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # common.url_tag replaces Django's {% url %}, and common.date_filters its `date` and `time`
            # filters, with ones that remember their answers.
            "builtins": [
                "home.templatetags.site_tags",
                "common.money",
                "common.images",
                "common.url_tag",
                "common.date_filters",
                "common.form_fields",
            ],
        },
    },
]

# Django's form renderer, drawing its commonest widgets in Python (the same HTML, in less time).
FORM_RENDERER = "common.form_renderer.WidgetsDrawnInPython"

# SQLite is the embedded default for a laptop; production and CI set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The admin's editor sends overlapping requests (autosave, preview, publish): WAL mode, immediate
    # write transactions and a busy timeout stop SQLite answering them with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text search fields there.
    INSTALLED_APPS.append("django.contrib.postgres")
    # The server binds each query's values, and psycopg prepares a query the connection has run five
    # times: PostgreSQL then plans it once per connection instead of on every request, which had been
    # most of its work on the portal's pages. (A pooler in front of PostgreSQL must then keep prepared
    # statements apart per client: PgBouncer 1.21 or later, with max_prepared_statements set.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
# Argon2id for new passwords, as Django and OWASP's password storage guidance recommend; a password kept
# with an older hasher is checked by it and stored again with Argon2id at the person's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters: three short words pass, a guessable 8-character password does not.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/portal/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "root_files"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Files with children's data (placement requests' documents): outside MEDIA_ROOT, with no URL, served
# only by views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))


# --- Files: the file system, or S3-compatible object storage when a bucket is named (issue 22) ---------
# With buckets, app servers keep nothing on their own disk, so there can be several. Public media
# (Wagtail's images and documents) go to S3_MEDIA_BUCKET, placement requests' documents to
# S3_PRIVATE_BUCKET, a bucket of their own; the site streams both, so neither bucket is ever made public
# (common/s3_storage.py). Keys left empty are looked for where boto3 looks (AWS_* variables, an
# instance's role).
S3_MEDIA_BUCKET = env("S3_MEDIA_BUCKET", "")
S3_PRIVATE_BUCKET = env("S3_PRIVATE_BUCKET", "")
S3_CONNECTION = {
    "endpoint_url": env("S3_ENDPOINT_URL", "") or None,
    "region_name": env("S3_REGION", "") or None,
    "access_key": env("S3_ACCESS_KEY_ID", "") or None,
    "secret_key": env("S3_SECRET_ACCESS_KEY", "") or None,
}


def file_storages(*, media_bucket, private_bucket, private_root, connection):
    """STORAGES' "default" (public media) and "private" (placement documents): each on the file system,
    or in its bucket when one is named."""
    if media_bucket and media_bucket == private_bucket:
        raise ImproperlyConfigured("Placement documents need a bucket of their own: S3_PRIVATE_BUCKET.")
    return {
        "default": (
            {
                "BACKEND": "common.s3_storage.MediaS3Storage",
                "OPTIONS": {**connection, "bucket_name": media_bucket},
            }
            if media_bucket
            else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        ),
        "private": (
            {
                "BACKEND": "common.s3_storage.PrivateS3Storage",
                "OPTIONS": {**connection, "bucket_name": private_bucket},
            }
            if private_bucket
            else {"BACKEND": "common.storage.PrivateFileSystemStorage", "OPTIONS": {"location": private_root}}
        ),
    }


STORAGES = {
    **file_storages(
        media_bucket=S3_MEDIA_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
        private_root=PRIVATE_MEDIA_ROOT,
        connection=S3_CONNECTION,
    ),
    "staticfiles": {"BACKEND": "common.static_files.StaticFiles"},
}
# --- end of files ------------------------------------------------------------------------------------

# --- Backups (issue 22): `manage.py backup` and `manage.py restore` (backups/) -------------------------
INSTALLED_APPS.append("backups")
# Where backups are written: a folder, or s3://bucket/prefix (reached with S3_CONNECTION above).
BACKUP_LOCATION = env("BACKUP_LOCATION", str(BASE_DIR / "backup-archives"))
# The key that encrypts them: 32 random bytes in base64 (`openssl rand -base64 32`). Keep it apart from
# the backups: without it they cannot be read, by anyone.
BACKUP_ENCRYPTION_KEY = env("BACKUP_ENCRYPTION_KEY", "")
# --- end of backups ----------------------------------------------------------------------------------

# Uploads are dropped as they arrive once a request's files pass the view's limit, or this one for
# views that set none (common/uploads.py): a body above it is never kept whole in a temporary file.
# Staff's documents in the Wagtail admin may be large; Wagtail's own limit for images is 10 MB.
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "common.uploads.LimitedUploadHandler",
    # Django's own, unchanged: a file up to FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) stays in memory, a
    # larger one goes to a temporary file. DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) stays the limit on the
    # rest of a request's body.
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CACHES = {
    "default": {
        "BACKEND": "common.cache.PoolClientRedisCache",
        "LOCATION": env("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # A Redis that stops answering delays a page by a second, not forever: pages are then rendered
        # without the cache (common/page_cache.py).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # Sites (or test runs) sharing one Redis database keep apart by a prefix of their own.
        "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", ""),
    }
}

# Public pages for visitors who are not signed in (common/page_cache.py): kept in the shared cache for
# up to an hour, and never past the end of the day; saving what a page shows purges it at once.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = 60 * 60
# Each process serves its own copies of stored pages, checking the shared version token this often: a
# save reaches every process within this time (common/page_cache.py, ProcessCopies).
PAGE_CACHE_VERSION_CHECK_SECONDS = 0.5
PAGE_CACHE_PROCESS_BYTES = 16 * 1024 * 1024

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(env("DJANGO_EMAIL_PORT", "587")),
            "username": env("DJANGO_EMAIL_USER", ""),
            "password": env("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env("DJANGO_EMAIL_USE_TLS", "true").lower() == "true",
            # A mail server that stops answering must not hold a worker for ever.
            "timeout": int(env("DJANGO_EMAIL_TIMEOUT", "20")),
        },
    }
}
# Emails and other follow-up work run in the worker (`manage.py db_worker`), never in a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Stepping Stones <no-reply@stepping-stones.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views SAMEORIGIN itself.
SESSION_COOKIE_HTTPONLY = True
# Read from Redis, kept in the database too; the database alone while Redis is away (common/sessions.py).
SESSION_ENGINE = "common.sessions"
# The tests and `make run` set it: every call of a compiled read (common/compiled_reads.py) is checked.
COMPILED_READS_CHECKED = False
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Draftail, the admin's rich text editor, adds <style> elements (config/csp.py); public pages use none.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

WAGTAIL_SITE_NAME = "Stepping Stones Short Stay School"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents go through Wagtail's serve view, which checks privacy, never a public media URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# Nothing in the admin calls out to other sites: no avatar lookups, no release checks.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Every sign-in, the admin's included, goes through allauth so that two-factor applies everywhere.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords and email addresses are managed on the allauth pages, which verify and notify.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Staff never set or know someone else's password: a person added in the admin sets their own with
# "Forgotten your password?", which proves they own the address.
WAGTAILUSERS_PASSWORD_ENABLED = False

# Card payments (portal/orders/stripe_gateway.py). STRIPE_API_BASE points the same code at localstripe
# on a laptop and in tests; production leaves it empty and talks to Stripe with live or test keys.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env("STRIPE_API_BASE", "")
STRIPE_JS_URL = env("STRIPE_JS_URL", "https://js.stripe.com/v3/")

# Accounts (django-allauth): email is the login and nobody signs in before proving they own it.
ACCOUNT_ADAPTER = "portal.users.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Signs in only the browser that signed up; a link opened anywhere else still asks for the password.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account: a new one replaces the old once verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password, email or two-factor changes
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Stepping Stones: "
# Staffroom computers are shared: a session ends when the browser closes, and within a school day.
ACCOUNT_SESSION_REMEMBER = False
SESSION_COOKIE_AGE = 60 * 60 * 10
ACCOUNT_FORMS = {
    "login": "portal.users.forms.LoginForm",
    "signup": "portal.users.forms.SignupForm",
    "reset_password": "portal.users.forms.ResetPasswordForm",
    "reset_password_from_key": "portal.users.forms.ResetPasswordKeyForm",
    "change_password": "portal.users.forms.ChangePasswordForm",
    "set_password": "portal.users.forms.SetPasswordForm",
    "add_email": "portal.users.forms.AddEmailForm",
    "reauthenticate": "portal.users.forms.ReauthenticateForm",
}
# Sign-in limits. Many schools reach the internet through their local authority's network and share
# one IP address: one person's typing, or one attacker, must not lock a whole area out. So the limit
# per account ("key": the email address typed) does the work: 5 wrong passwords for one account in
# 15 minutes, then that account waits (a password reset clears it). The limits per IP address are
# sized for the largest such network: about 400 schools with up to 10 portal users each is 4,000
# accounts; if every one signed in during the same hour (the start of a school day), that is 4,000
# sign-ins, and at one mistyped password in five about 800 failures. "login" (every sign-in attempt)
# and "login_failed" (wrong passwords) allow about 1.5 and 4 times those figures, so only an address
# trying thousands of accounts is slowed, never a busy network. The sign-in page shows the refusal
# and how long to wait (portal/users/views.py, SignInView).
ACCOUNT_RATE_LIMITS = {
    "login": "6000/h/ip",
    "login_failed": "3000/h/ip,5/15m/key",
    "signup": "30/h/ip",
    "reset_password": "20/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The per-IP limits need each visitor's own address. Behind a proxy that adds X-Forwarded-For, say how
# many proxies there are; otherwise every visitor shares the proxy's address and its limit.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))

# Two-factor: an authenticator app, with recovery codes for a lost phone.
MFA_ADAPTER = "portal.users.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Stepping Stones"
MFA_TOTP_TOLERANCE = 1  # accept the previous 30-second code too: typing on a phone takes time
MFA_FORMS = {
    "authenticate": "portal.users.forms.AuthenticateForm",
    "reauthenticate": "portal.users.forms.MFAReauthenticateForm",
    "activate_totp": "portal.users.forms.ActivateTOTPForm",
}
# Anyone who can see placement data (the unit's staff in the admin, school staff on placement pages)
# must have an authenticator app turned on first. See portal/users/two_factor.py.
PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # Task runs and page edits are logged per object; that is noise in a terminal.
    "loggers": {
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint (invoice PDFs) logs each step of every render.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# `load_demo_content` runs these in order; each is idempotent and leaves editors' changes alone.
DEMO_CONTENT_LOADERS = [
    "home.demo_content.load_site",
    "services.demo_content.load",
    "portal.users.demo.load",
    "portal.schools.demo.load",
    "portal.orders.demo.load",
    "portal.orders.demo.load_resources",
    "portal.placements.demo.load",
    "figures.demo.load",
    "bookings.demo.load",
    "figures.demo_outreach.load",
    "home.demo_sen_report.load",
    "home.demo_content.load_pages",
]

# Schools: a request to join from an address at one of these free webmail domains is flagged to whoever
# decides it (the school's administrators or the unit's staff), who should check the person works there.
SCHOOLS_FREE_WEBMAIL_DOMAINS = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "live.co.uk",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "btinternet.com",
    "proton.me",
    "protonmail.com",
]

# --- Operations (issue 22): the health check, request and task logs, the schedule of jobs ------------
INSTALLED_APPS.append("operations")
# First of all: /health/ is answered before the HTTPS redirect, the allowed hosts check and the site
# lookup, which a load balancer's probe would fail for reasons of its own (operations/health.py).
MIDDLEWARE.insert(0, "operations.health.HealthCheckMiddleware")
# Tells each request's log line who was signed in (operations/logs.py); reads request.user.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "operations.logs.RequestLogMiddleware",
)
HEALTH_CHECK_PATH = "/health/"
# /health/ fails when a task has waited longer than this for a worker: the workers are stopped or stuck.
HEALTH_TASK_WAIT_LIMIT_SECONDS = int(env("HEALTH_TASK_WAIT_LIMIT_SECONDS", "600"))
# A task marked running for longer than this was left by a worker that died, and is put back in the
# queue (operations/task_queue.py): longer than any task runs.
TASK_STALLED_AFTER_SECONDS = int(env("TASK_STALLED_AFTER_SECONDS", str(30 * 60)))
