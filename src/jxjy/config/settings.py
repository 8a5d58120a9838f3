"""Settings from the environment.

- `DATABASE_URL`: PostgreSQL in production (`postgres://user@host:5432/name`). Without it,
  SQLite in the data directory.
- `JXJY_DATA_DIR`: the data directory (default `./var/`): the SQLite database, the secret
  key generated on first run, uploaded evidence and collected static files.
- `JXJY_SECRET_KEY`: overrides the generated key. `JXJY_DEBUG=1`: debug mode.
- `JXJY_ALLOWED_HOSTS`: comma-separated (default `127.0.0.1,localhost`).
- `JXJY_EVIDENCE_PHOTO_MB`, `JXJY_EVIDENCE_VIDEO_MB`, `JXJY_EVIDENCE_SCAN_MB`: the largest
  evidence file of each kind, in MB (default 10, 200, 10).
- `JXJY_EVIDENCE_STORAGE`: where evidence files are kept, as JSON of a Django storage
  (`{"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {...}}`, a private bucket);
  by default the `evidence/` folder of the data directory.
- `JXJY_REDIS_URL`: the cache (import progress) in Redis; without it, files in the data
  directory. `JXJY_IMPORT_MAX_MB`: the largest roster upload (default 20).
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("JXJY_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if "JXJY_SECRET_KEY" in os.environ:
        return os.environ["JXJY_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JXJY_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("JXJY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' assets locally (no CDN)
    "jxjy.regions",
    "jxjy.orgs",
    "jxjy.people",
    "jxjy.accounts",
    "jxjy.audit",
    "jxjy.training",
    "jxjy.ledger",
    "jxjy.evaluation",
    "jxjy.disputes",
    "jxjy.imports",
    "jxjy.web",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jxjy.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jxjy.config.urls"
WSGI_APPLICATION = "jxjy.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "jxjy.sqlite3"),
            # WAL: pages keep reading while the background worker holds a long write
            # transaction (an import's commit).
            "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # filled by collectstatic (`jxjy serve` and `demo` run it)
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "evidence"
# No MEDIA_URL and no URL serves MEDIA_ROOT: evidence goes out only through the view that
# checks who may see it (`jxjy.web.views_evidence`), never by a public address.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "evidence": json.loads(os.environ["JXJY_EVIDENCE_STORAGE"])
    if os.environ.get("JXJY_EVIDENCE_STORAGE")
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "file_permissions_mode": 0o600},
    },
}
MB = 1024 * 1024
#: The largest evidence file of each kind (金华（八）: photos and video of the training).
JXJY_EVIDENCE_MAX_BYTES = {
    "photo": int(os.environ.get("JXJY_EVIDENCE_PHOTO_MB", "10")) * MB,
    "video": int(os.environ.get("JXJY_EVIDENCE_VIDEO_MB", "200")) * MB,
    "scan": int(os.environ.get("JXJY_EVIDENCE_SCAN_MB", "10")) * MB,
}

# Background work (imports): django-tasks with its database backend; `jxjy worker` (or the
# worker `jxjy demo` and `jxjy serve` start) runs it. ADR 5.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The cache holds the progress of background work, which must be visible while the worker's
# transaction is still open: so it is never the database.
if os.environ.get("JXJY_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["JXJY_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
#: Roster imports: where uploaded files are kept (never served), and the largest accepted.
IMPORTS_DIR = DATA_DIR / "imports"
IMPORT_MAX_BYTES = int(os.environ.get("JXJY_IMPORT_MAX_MB", "20")) * 1024 * 1024
# A file larger than the largest of these is dropped while it arrives (jxjy/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "jxjy.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Anything shaped like a resident ID number is masked in every line written.
    "formatters": {"masked": {"()": "jxjy.logs.MaskingFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "masked"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Check-in at training sessions: the code shown at the session changes every
# `step_seconds`; a code is accepted for `steps_accepted` steps (the current one and the
# ones before it), only from `opens_minutes_before` the session's start until its end.
CHECKIN = {"step_seconds": 30, "steps_accepted": 3, "opens_minutes_before": 30}
