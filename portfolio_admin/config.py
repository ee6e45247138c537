"""Settings, read from the environment once, when the app is created.

This is the only module that reads ``os.environ``. Every setting has a default that
works for a newcomer: SQLite and a media folder inside the instance folder.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from portfolio_admin.services.image_crops import parse_crops
from portfolio_admin.services.thumbnails import THUMBNAIL_SIZES

DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_IMAGE_PIXELS = 100_000_000
# Below gunicorn's 30 s worker timeout: a stuck statement ends as an error first.
DEFAULT_DATABASE_STATEMENT_TIMEOUT = 25
DEFAULT_RETRY_DELAYS = "3,300,1800,7200,18000,36000,36000"  # webhook deliveries, seconds
LANGUAGES = ("en", "fa")
ENVIRONMENTS = ("development", "production")
MIN_SECRET_KEY_LENGTH = 32
PROXY_FIX_HEADERS = ("FOR", "PROTO", "HOST", "PORT", "PREFIX")
REQUIRE_2FA_CHOICES = ("admins", "staff", "none")


class ConfigurationError(RuntimeError):
    """The settings are unsafe or inconsistent; the app refuses to start."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


AVIF_MODES = ("request", "worker", "off")


def avif_mode(value: str | bool | None) -> str:
    """Where AVIF copies of thumbnails are made (setting ``IMAGE_AVIF``): ``"request"``
    (by the upload itself; also true, yes, on, 1), ``"worker"`` (afterwards, by ``flask
    worker``: the default) or ``"off"`` (also false, no, 0)."""
    if isinstance(value, bool):
        return "request" if value else "off"
    value = (value or "worker").strip().lower()
    if value in AVIF_MODES:
        return value
    if value in {"1", "true", "yes", "on", "0", "false", "no"}:
        return "request" if _bool(value, False) else "off"
    raise ConfigurationError(f"IMAGE_AVIF must be one of {', '.join(AVIF_MODES)}, not {value!r}.")


def _persistent_secret_key(instance_path: Path) -> str:
    """Return the instance folder's secret key, generating it on first use."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def instance_path(overrides: dict | None = None, environ=None) -> str | None:
    """Where the instance folder is (``INSTANCE_PATH``); ``None`` for Flask's default."""
    env = os.environ if environ is None else environ
    return (overrides or {}).get("INSTANCE_PATH") or env.get("INSTANCE_PATH") or None


def load_config(instance_path: str, overrides: dict | None = None, environ=None) -> dict:
    """The app's settings: ``environ`` (default: the process environment), then ``overrides``."""
    env = os.environ if environ is None else environ
    overrides = overrides or {}
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    sizes = env.get("THUMBNAIL_SIZES")
    thumbnail_sizes = tuple(int(size) for size in sizes.split(",")) if sizes else THUMBNAIL_SIZES
    max_upload_mb = float(
        overrides.get("MAX_UPLOAD_MB") or env.get("MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB
    )
    app_env = overrides.get("APP_ENV") or env.get("APP_ENV") or "development"
    production = app_env == "production"
    secret_key = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    secure_cookies = _bool(env.get("SESSION_COOKIE_SECURE"), production)
    settings = {
        "APP_ENV": app_env,
        "SECRET_KEY": secret_key or _persistent_secret_key(instance),
        "SECRET_KEY_FROM_ENVIRONMENT": bool(secret_key),
        "DEBUG": _bool(env.get("FLASK_DEBUG"), False),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL")
        or f"sqlite:///{instance / 'portfolio_admin.sqlite3'}",
        "MEDIA_ROOT": env.get("MEDIA_ROOT") or str(instance / "media"),
        "MEDIA_BASE_URL": env.get("MEDIA_BASE_URL") or None,
        "STORAGE": env.get("STORAGE") or "local",
        "S3_BUCKET": env.get("S3_BUCKET") or None,
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION") or None,
        "S3_ACCESS_KEY_ID": env.get("S3_ACCESS_KEY_ID") or None,
        "S3_SECRET_ACCESS_KEY": env.get("S3_SECRET_ACCESS_KEY") or None,
        "S3_PUBLIC_BASE_URL": env.get("S3_PUBLIC_BASE_URL") or None,
        "S3_URL_EXPIRES": int(env.get("S3_URL_EXPIRES") or 3600),
        "MAX_UPLOAD_MB": max_upload_mb,
        "MAX_CONTENT_LENGTH": int(max_upload_mb * 1024 * 1024) + 64 * 1024,
        "MAX_IMAGE_PIXELS": int(env.get("MAX_IMAGE_PIXELS") or DEFAULT_MAX_IMAGE_PIXELS),
        # Large image decodes (32 MiB of pixels and up) at once per instance; 0: no limit.
        "IMAGE_DECODE_CONCURRENCY": int(env.get("IMAGE_DECODE_CONCURRENCY") or 2),
        "THUMBNAIL_SIZES": thumbnail_sizes,
        # AVIF variants of the thumbnails too: smaller files, but about as slow to encode
        # as all the rest of an upload's outputs together, so made by the worker unless
        # asked for in the request ("request") or not at all ("off"); see avif_mode.
        "IMAGE_AVIF": avif_mode(env.get("IMAGE_AVIF")),
        # Seconds an SVG may take to be drawn (its thumbnails) before it is refused.
        "SVG_DRAW_SECONDS": float(env.get("SVG_DRAW_SECONDS") or 5),
        # Fixed-ratio crops of every image, as JSON: {"card": "800x600", "square": "600x600"}.
        "IMAGE_CROPS": parse_crops(json.loads(env.get("IMAGE_CROPS") or "{}")),
        "CORS_ORIGINS": [o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()],
        "RESPONSE_CACHE": _bool(env.get("RESPONSE_CACHE"), True),
        "CACHE_MAX_BYTES": int(env.get("CACHE_MAX_BYTES") or 64 * 1024 * 1024),  # per process
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # "Keep me signed in" lasts this long; without it a session ends once unused this long.
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(env.get("REMEMBER_DAYS") or 365)),
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES") or 720),
        # Served over HTTPS (production, unless SESSION_COOKIE_SECURE=false): browsers
        # remember for a year to use nothing else. 0 sends no header.
        "HSTS_MAX_AGE": int(env.get("HSTS_MAX_AGE") or (31_536_000 if secure_cookies else 0)),
        "PASSWORD_HASH_METHOD": "scrypt",
        # Dropped connections are found without a round trip: see database.py.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Seconds; 0 waits for ever. See portfolio_admin/database.py.
        "DATABASE_CONNECT_TIMEOUT": int(env.get("DATABASE_CONNECT_TIMEOUT") or 5),
        "DATABASE_STATEMENT_TIMEOUT": float(
            env.get("DATABASE_STATEMENT_TIMEOUT") or DEFAULT_DATABASE_STATEMENT_TIMEOUT
        ),
        "LANGUAGES": LANGUAGES,
        "BABEL_DEFAULT_LOCALE": "en",
        # Times are stored in UTC and shown in this zone (e.g. Asia/Tehran).
        "BABEL_DEFAULT_TIMEZONE": env.get("TIMEZONE") or "UTC",
        "LOGIN_FAILURES_PER_ACCOUNT": int(env.get("LOGIN_FAILURES_PER_ACCOUNT") or 5),
        "LOGIN_FAILURES_PER_ADDRESS": int(env.get("LOGIN_FAILURES_PER_ADDRESS") or 20),
        "LOGIN_FAILURE_WINDOW_SECONDS": int(env.get("LOGIN_FAILURE_WINDOW_SECONDS") or 900),
        # Who must set up a second factor (an app or a passkey) before using the admin:
        # "admins", "staff" (everyone who signs in) or "none".
        "REQUIRE_2FA_FOR": (env.get("REQUIRE_2FA_FOR") or "admins").strip().lower(),
        # Passkeys are bound to this domain; by default the host the admin is reached at.
        "WEBAUTHN_RP_ID": env.get("WEBAUTHN_RP_ID") or None,
        # Revisions kept per portfolio, newest first; 0 keeps them all.
        "REVISIONS_PER_PORTFOLIO": int(env.get("REVISIONS_PER_PORTFOLIO") or 0),
        # Where "Preview" opens a portfolio's draft, e.g.
        # https://studio.example/preview/{slug}?token={token}; unset: the admin's own page.
        "PREVIEW_URL": env.get("PREVIEW_URL") or None,
        # How often `flask worker` looks for due jobs (scheduled publishing...) and says
        # it is alive, in seconds; a worker silent for WORKER_STALE_SECONDS counts as dead.
        "WORKER_POLL_SECONDS": float(env.get("WORKER_POLL_SECONDS") or 10),
        "WORKER_STALE_SECONDS": float(env.get("WORKER_STALE_SECONDS") or 60),
        # Webhook deliveries: seconds to wait for an answer (to connect, and then to read),
        # and the delays between attempts (3 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about
        # a day; the first retry within 5 s with a worker polling every second or two),
        # after which a delivery is marked failed.
        "WEBHOOK_TIMEOUT": float(env.get("WEBHOOK_TIMEOUT") or 10),
        # Deliveries a worker sends at once (one at a time per endpoint): a dead endpoint
        # holds one of them, never the others.
        "WEBHOOK_CONCURRENCY": int(env.get("WEBHOOK_CONCURRENCY") or 8),
        "WEBHOOK_RETRY_DELAYS": tuple(
            float(delay)
            for delay in (env.get("WEBHOOK_RETRY_DELAYS") or DEFAULT_RETRY_DELAYS).split(",")
        ),
        # Finished deliveries (delivered or failed) are kept this many days for the admin.
        "WEBHOOK_KEEP_DAYS": float(env.get("WEBHOOK_KEEP_DAYS") or 30),
        # API calls per token (reads, writes) and failed authentications per address, as
        # "N per second|minute|hour|day"; counted in Redis when REDIS_URL is set.
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "API_RATE_LIMIT_READ": env.get("API_RATE_LIMIT_READ") or "6000 per minute",
        "API_RATE_LIMIT_WRITE": env.get("API_RATE_LIMIT_WRITE") or "120 per minute",
        "API_RATE_LIMIT_FAILED_AUTH": env.get("API_RATE_LIMIT_FAILED_AUTH") or "60 per minute",
        "REDIS_URL": env.get("REDIS_URL") or None,
        "REDIS_KEY_PREFIX": env.get("REDIS_KEY_PREFIX") or "portfolio_admin:",
        **{
            f"PROXY_FIX_X_{name}": int(env.get(f"PROXY_FIX_X_{name}") or 0)
            for name in PROXY_FIX_HEADERS
        },
    }
    settings.update(overrides)
    check(settings)
    return settings


def check(settings: dict) -> None:
    """Refuse settings that are unsafe: production needs its own key and no debugger."""
    if settings["APP_ENV"] not in ENVIRONMENTS:
        raise ConfigurationError(
            f"APP_ENV is {settings['APP_ENV']!r}; use one of: {', '.join(ENVIRONMENTS)}."
        )
    if settings["REQUIRE_2FA_FOR"] not in REQUIRE_2FA_CHOICES:
        raise ConfigurationError(
            f"REQUIRE_2FA_FOR is {settings['REQUIRE_2FA_FOR']!r}; "
            f"use one of: {', '.join(REQUIRE_2FA_CHOICES)}."
        )
    if settings["APP_ENV"] != "production":
        return
    if not settings["SECRET_KEY_FROM_ENVIRONMENT"]:
        raise ConfigurationError(
            "APP_ENV=production needs SECRET_KEY from the environment, the same on every "
            "instance (the key generated into instance/secret_key is for development only). "
            "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    if len(settings["SECRET_KEY"]) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            f"APP_ENV=production needs a SECRET_KEY of at least {MIN_SECRET_KEY_LENGTH} characters."
        )
    if settings["DEBUG"]:
        raise ConfigurationError(
            "APP_ENV=production refuses to run with debug on (FLASK_DEBUG / --debug): the "
            "debugger runs code sent by anyone who reaches it."
        )
