"""One JSON line per request, and an ``X-Request-ID`` on every response.

A request id sent by the client or a proxy is kept when it looks sane, so one id follows a
request through the load balancer, the app and the logs; otherwise a new one is made.
The app only emits records on the ``portfolio_admin.requests`` logger; where they are
written (and as JSON) is the server's choice: see ``gunicorn.conf.py``.
"""

import logging
import os
import re
import time

import orjson
from flask import Flask, g, request

HEADER = "X-Request-ID"
_ENVIRON_KEY = "HTTP_X_REQUEST_ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")
log = logging.getLogger("portfolio_admin.requests")

# Attributes every LogRecord has; anything else was passed in ``extra`` and is a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message, and its extras."""

    _second: tuple[int, str] = (0, "")  # the last second formatted, and its text

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if self._second[0] != second:  # once a second, not once a line
            self._second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        entry = {
            "time": f"{self._second[1]}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def request_id() -> str:
    """This request's id: the sane one it came with, or a new one."""
    found = g.get("request_id")
    if found is None:
        # From the environ: a missing header costs ``request.headers`` a raised KeyError.
        sent = request.environ.get(_ENVIRON_KEY)
        found = sent if sent and SANE_REQUEST_ID.fullmatch(sent) else os.urandom(16).hex()
        g.request_id = found
    return found


def _caller() -> dict:
    """Who made the request, as far as the request already found out (no extra query)."""
    actor = g.get("activity_actor")  # set by the API's token check
    if actor is not None:
        return {"user_id": actor.user_id, "username": actor.name, "token": actor.token_name}
    user = g.get("_login_user")  # Flask-Login's user, when this request loaded one
    if user is not None and user.is_authenticated:
        return {"user_id": user.id, "username": user.username}
    return {}


def register(app: Flask) -> None:
    """Give every response of ``app`` its request id, and log it."""

    @app.before_request
    def start_clock():
        state = g._get_current_object()  # (each use of the proxy ``g`` looks it up again)
        # ``g`` outlives a request when an app context was pushed around it (tests, CLI).
        state.pop("request_id", None)
        state.pop("activity_actor", None)
        state.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        found = request_id()
        response.headers[HEADER] = found
        if not log.isEnabledFor(logging.INFO):
            return response
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else None
        current = request._get_current_object()
        fields = {
            "request_id": found,
            "method": current.method,
            "path": current.path,
            "status": response.status_code,
            "duration_ms": None if duration is None else round(duration, 2),
            "remote_addr": current.remote_addr,
            **_caller(),
        }
        # makeRecord and handle, not log.info: the line never names its source, so the
        # stack walk log.info makes to find the caller is skipped (a fifth of its cost).
        log.handle(log.makeRecord(log.name, logging.INFO, "", 0, "request", (), None, None, fields))
        return response
