"""Webhook endpoints (register, change, delete) and the delivery of the outbox.

Events are recorded by ``services.webhook_events`` in the transaction of each change;
``deliver_due`` (called by the worker, never in a request) sends the due ones, signed per
the Standard Webhooks specification with the ``standardwebhooks`` library: headers
``webhook-id`` (the same on every attempt), ``webhook-timestamp`` and ``webhook-signature``
(``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``).

A failed attempt (not 2xx, a timeout, no connection) is tried again after the delays of
``WEBHOOK_RETRY_DELAYS`` (3 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about a day), then the
delivery is marked failed. Administrators register the URLs, so any http(s) URL is
accepted (an internal service may be the receiver); redirects are not followed.
"""

import base64
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload
from standardwebhooks.webhooks import Webhook

from portfolio_admin.models import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.webhook import DELIVERED, FAILED, PENDING
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services import locking
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.webhook_events import EVENT_TYPES
from portfolio_admin.text import control_character_problem

URL_MAX_LENGTH = 2000
SECRET_PREFIX = "whsec_"  # noqa: S105  (the format's prefix, not a secret)
USER_AGENT = "portfolio-admin-webhooks"
# An attempt under way longer than the timeout and this is taken as lost (a worker that
# died mid-send), and the delivery is due again.
LEASE_MARGIN = timedelta(seconds=30)


def new_secret() -> str:
    """A signing secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked(url: str, events) -> tuple[str, list[str], dict]:
    """The URL and events as stored, and the errors naming the fields."""
    url = (url or "").strip()
    errors = {}
    if problem := control_character_problem(url):
        errors["url"] = [problem]
    elif not url:
        errors["url"] = [_("This field may not be blank.")]
    elif len(url) > URL_MAX_LENGTH:
        errors["url"] = [_("Use at most %(num)d characters.", num=URL_MAX_LENGTH)]
    elif not _is_web_url(url):
        errors["url"] = [_("Enter an http:// or https:// URL.")]
    chosen = set(events or ())
    if unknown := sorted(chosen - set(EVENT_TYPES)):
        errors["events"] = [_("Unknown event %(name)s.", name=unknown[0])]
    elif not chosen:
        errors["events"] = [_("Choose at least one event.")]
    events = [kind for kind in EVENT_TYPES if kind in chosen]
    return url, events, errors


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is no number, a bracketed host that is no address
        return False


def create_endpoint(url: str, events, is_active: bool = True) -> WebhookEndpoint:
    """Register an endpoint with a new signing secret (``endpoint.secret``: show it once)."""
    url, events, errors = _checked(url, events)
    if errors:
        raise ValidationError(errors)
    endpoint = WebhookEndpoint(url=url, events=events, is_active=is_active, secret=new_secret())
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, url: str, events, is_active: bool) -> None:
    """Change an endpoint's URL, events and whether it is sent anything; the secret stays."""
    url, events, errors = _checked(url, events)
    if errors:
        raise ValidationError(errors)
    endpoint.url, endpoint.events, endpoint.is_active = url, events, is_active
    db.session.flush()


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its deliveries."""
    db.session.delete(endpoint)
    db.session.flush()


def get_endpoint(endpoint_id: int) -> WebhookEndpoint:
    """The endpoint ``endpoint_id``; ``NotFound`` if there is none."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id) if 0 < endpoint_id <= MAX_ID else None
    if endpoint is None:
        raise NotFound()
    return endpoint


def list_endpoints() -> list[WebhookEndpoint]:
    """Every endpoint, oldest first."""
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def deliveries():
    """The statement listing deliveries, newest first (for paging)."""
    stmt = select(WebhookDelivery).options(joinedload(WebhookDelivery.endpoint))
    return stmt.order_by(WebhookDelivery.id.desc())


def resend(delivery: WebhookDelivery) -> None:
    """Send a delivery again, now, with the same ``webhook-id``: a new round of attempts."""
    delivery.status = PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    db.session.flush()


@dataclass(frozen=True)
class Attempt:
    """A claimed delivery: what to send, and where."""

    delivery_id: int
    attempts: int
    url: str
    secret: str
    message_id: str
    payload: str


def deliver_due(limit: int = 100) -> int:
    """Send every due delivery (at most ``limit``), each once, and commit after each;
    returns how many were attempted. Runs in the worker, in an app context."""
    attempted = 0
    while attempted < limit and (attempt := _claim()) is not None:
        _record(attempt, *_send(attempt))
        attempted += 1
    return attempted


def _claim() -> Attempt | None:
    """Take the next due delivery of an active endpoint and commit at once, so no other
    worker takes it: on PostgreSQL ``FOR UPDATE SKIP LOCKED`` passes over rows another
    worker is claiming; on SQLite the claim is the one writer (``BEGIN IMMEDIATE``).
    Its next attempt moves past the timeout, so one lost with its worker is sent again."""
    now = utcnow()
    locking.begin_writing()
    stmt = (
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint)
        .where(
            WebhookDelivery.status == PENDING,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.is_active.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    row = db.session.execute(stmt).first()
    if row is None:
        db.session.rollback()
        return None
    delivery, endpoint = row
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + timedelta(seconds=_timeout()) + LEASE_MARGIN
    attempt = Attempt(
        delivery.id, delivery.attempts, endpoint.url, endpoint.secret,
        delivery.message_id, delivery.payload,
    )  # fmt: skip
    db.session.commit()
    return attempt


def signed_headers(message_id: str, secret: str, payload: str, moment=None) -> dict[str, str]:
    """The Standard Webhooks headers of a delivery sent at ``moment`` (default: now)."""
    moment = moment or utcnow()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, moment, payload),
    }


def _send(attempt: Attempt) -> tuple[int | None, str | None]:
    """POST the delivery; ``(status code, error)``, the error ``None`` for a 2xx answer."""
    headers = signed_headers(attempt.message_id, attempt.secret, attempt.payload)
    headers |= {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    try:
        with requests.post(
            attempt.url,
            data=attempt.payload.encode(),
            headers=headers,
            timeout=_timeout(),
            allow_redirects=False,
            stream=True,  # the answer's body is not needed: it is never read
        ) as response:
            code = response.status_code
    except requests.RequestException as exc:
        return None, (str(exc) or type(exc).__name__)[:500]
    return code, None if 200 <= code < 300 else f"HTTP {code}"


def _record(attempt: Attempt, code: int | None, error: str | None) -> None:
    """Store an attempt's outcome: delivered, due again after the next delay, or failed."""
    now = utcnow()
    values = {"last_status_code": code, "last_error": error}
    delays = current_app.config["WEBHOOK_RETRY_DELAYS"]
    if error is None:
        values |= {"status": DELIVERED, "delivered_at": now, "next_attempt_at": None}
    elif attempt.attempts <= len(delays):
        values["next_attempt_at"] = now + timedelta(seconds=delays[attempt.attempts - 1])
    else:
        values |= {"status": FAILED, "next_attempt_at": None}
    db.session.execute(
        update(WebhookDelivery)
        # A resend since the claim started a new round: this outcome no longer counts.
        .where(WebhookDelivery.id == attempt.delivery_id)
        .where(WebhookDelivery.attempts == attempt.attempts)
        .values(**values)
    )
    db.session.commit()


def prune_deliveries() -> int:
    """Delete deliveries finished (delivered or failed) more than ``WEBHOOK_KEEP_DAYS``
    days ago, so the outbox does not grow for ever; returns how many. For the worker to
    call now and then (hourly is plenty); commits."""
    since = utcnow() - timedelta(days=current_app.config["WEBHOOK_KEEP_DAYS"])
    result = db.session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.status.in_((DELIVERED, FAILED)), WebhookDelivery.created_at < since
        )
    )
    db.session.commit()
    return result.rowcount


def _timeout() -> float:
    return current_app.config["WEBHOOK_TIMEOUT"]
