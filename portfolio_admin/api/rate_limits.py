"""API rate limits with Flask-Limiter: per token, reads and writes each with their own
limit, and per address for calls that fail to authenticate.

A caller over a limit gets 429 with ``Retry-After``, and every limited answer carries the
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds) headers
of the IETF draft. The counts live in memory, per process, or in Redis when ``REDIS_URL``
is set, so every instance shares them. The limits are settings (``API_RATE_LIMIT_*``).

A token's bucket is named by the key's digest, so counting needs no database: a caller
inventing keys gets a fresh bucket each time, but every one of those calls fails to
authenticate, and failures are counted per address.
"""

import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from portfolio_admin.json_responses import json_response
from portfolio_admin.models.token import token_digest

limiter = Limiter(
    get_remote_address, strategy="fixed-window", headers_enabled=False, key_prefix="ratelimit"
)


def _caller() -> str:
    """The bucket: the token's digest, or the address for a call without a token."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() == "token":
        return "token:" + token_digest(parts[1])
    return "address:" + (request.remote_addr or "")


def _breached(limit: RequestLimit):
    seconds = _seconds_to_reset(limit)
    body = {"detail": f"Request was throttled. Expected available in {seconds} seconds."}
    response = json_response(body, 429, {"Retry-After": str(seconds)})
    _add_headers(response, limit)
    return response


def _seconds_to_reset(limit: RequestLimit) -> int:
    # ``reset_at`` is rounded up to a whole second, so it may lie a second past the window.
    return min(limit.limit.get_expiry(), max(1, math.ceil(limit.reset_at - time.time())))


def _add_headers(response, limit: RequestLimit) -> None:
    response.headers["RateLimit-Limit"] = str(limit.limit.amount)
    response.headers["RateLimit-Remaining"] = str(max(0, limit.remaining))
    response.headers["RateLimit-Reset"] = str(_seconds_to_reset(limit))


def limited(view, *, write: bool):
    """``view`` with the read (or write) limit per caller and the per-address limit of
    failed authentications."""
    setting = "API_RATE_LIMIT_WRITE" if write else "API_RATE_LIMIT_READ"
    view = limiter.shared_limit(
        lambda: current_app.config[setting],
        scope="api-write" if write else "api-read",
        key_func=_caller,
        on_breach=_breached,
    )(view)
    return limiter.shared_limit(
        lambda: current_app.config["API_RATE_LIMIT_FAILED_AUTH"],
        scope="api-failed-auth",
        key_func=get_remote_address,
        deduct_when=lambda response: response.status_code == 401,
        on_breach=_breached,
    )(view)


def _headers(response):
    if request.path.startswith("/api/") and (limit := limiter.current_limit):
        _add_headers(response, limit)
    return response


def register(app: Flask) -> None:
    """Count in Redis when ``REDIS_URL`` is set, else in this process's memory."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", app.config.get("REDIS_KEY_PREFIX", ""))
    limiter.init_app(app)
    app.after_request(_headers)
