"""Django settings for the DRF peer: the project's database (DATABASE_URL, PostgreSQL or
SQLite), persistent connections, nothing per request but what the API needs."""

import os
from urllib.parse import urlsplit

_url = urlsplit(os.environ["DATABASE_URL"])
if _url.scheme.startswith("sqlite"):
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": _url.path.removeprefix("/")}
else:
    _database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": _url.username or "",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "",
        "PORT": str(_url.port or ""),
    }
DATABASES = {"default": _database | {"CONN_MAX_AGE": None}}  # one connection per thread, kept

SECRET_KEY = "benchmark-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework", "drf"]
MIDDLEWARE = []
ROOT_URLCONF = "drf.urls"
USE_I18N = False
USE_TZ = True
TIME_ZONE = "UTC"
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["drf.authentication.DigestTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
