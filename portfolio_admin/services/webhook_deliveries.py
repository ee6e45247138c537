"""Sending the webhook outbox: claim a due delivery, POST it signed, record the outcome.

Signed per the Standard Webhooks specification with the ``standardwebhooks`` library:
headers ``webhook-id`` (the event's, the same on every attempt), ``webhook-timestamp`` and
``webhook-signature`` (``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``). A failed
attempt (not 2xx, a timeout, no connection) is tried again after the delays of
``WEBHOOK_RETRY_DELAYS`` (3 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about a day), then the
delivery is marked failed. Redirects are not followed.

Sends run concurrently on a ``concurrent.futures`` pool of ``WEBHOOK_CONCURRENCY``
threads, at most one at a time per endpoint in a process: an endpoint that never answers
holds one thread until ``WEBHOOK_TIMEOUT``, never the deliveries to the others, and one
endpoint's deliveries arrive in the order of their events. Claims are made one at a time
by the caller (the worker's job) and committed before the send, with ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL (SQLite: ``BEGIN IMMEDIATE``), so several workers never send the
same attempt; a claim moves the next attempt past the timeout (a lease), so one lost with
its worker is sent again: at least once, with the same ``webhook-id``.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import requests
from flask import Flask, current_app
from sqlalchemy import delete, select, update
from standardwebhooks.webhooks import Webhook

from portfolio_admin.models import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.webhook import DELIVERED, FAILED, PENDING
from portfolio_admin.services import locking

USER_AGENT = "portfolio-admin-webhooks"
# An attempt under way longer than the timeout and this is taken as lost (a worker that
# died mid-send), and the delivery is due again.
LEASE_MARGIN = timedelta(seconds=30)
SENDER = "webhook_sender"  # app.extensions: the worker's Sender
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """A claimed delivery: what to send, and where."""

    delivery_id: int
    endpoint_id: int
    attempts: int
    url: str
    secret: str
    message_id: str
    payload: str


class Sender:
    """Sends claimed deliveries on a bounded pool of threads, one endpoint at a time each.

    ``start_due`` claims (in the caller's app context) as many due deliveries as there
    are free threads, of endpoints with nothing under way here, and returns at once;
    each send and its outcome run in a thread, in an app context of their own."""

    def __init__(self, app: Flask):
        self.app = app
        self.size = max(1, int(app.config["WEBHOOK_CONCURRENCY"]))
        self._pool = ThreadPoolExecutor(self.size, thread_name_prefix="webhook")
        self._state = threading.Condition()
        self._busy: set[int] = set()  # endpoint ids with a send under way
        self._finished = 0

    def start_due(self, limit: int | None = None) -> int:
        """Start sending due deliveries (at most ``limit``); how many were started."""
        started = 0
        while limit is None or started < limit:
            with self._state:
                if len(self._busy) >= self.size:
                    break
                busy = set(self._busy)
            attempt = _claim(busy)
            if attempt is None:
                break
            with self._state:
                self._busy.add(attempt.endpoint_id)
            self._pool.submit(self._deliver, attempt)
            started += 1
        return started

    def wait(self) -> bool:
        """Wait until a send under way finishes; whether any is still under way."""
        with self._state:
            finished = self._finished
            self._state.wait_for(lambda: self._finished != finished or not self._busy)
            return bool(self._busy)

    def close(self) -> None:
        """Wait for the sends under way, then free the threads."""
        self._pool.shutdown(wait=True)

    def _deliver(self, attempt: Attempt) -> None:
        try:
            with self.app.app_context():
                _record(attempt, *_send(attempt))
        except Exception:  # the database went away: the lease makes it due again
            log.exception("Recording webhook delivery %s failed", attempt.delivery_id)
        finally:
            with self._state:
                self._busy.discard(attempt.endpoint_id)
                self._finished += 1
                self._state.notify_all()


def deliver_due(limit: int = 100) -> int:
    """Send every due delivery (at most ``limit`` attempts), concurrently, and wait for
    them all; how many were attempted. A retry that falls due meanwhile is sent too."""
    sender = Sender(current_app._get_current_object())
    attempted = 0
    try:
        while attempted < limit:
            started = sender.start_due(limit - attempted)
            attempted += started
            if not sender.wait() and not started:
                break
    finally:
        sender.close()
    return attempted


def send_due() -> int:
    """The worker's job: start sending what is due without waiting for it (the sends
    run on the worker's ``Sender``, made at its first run); how many were started."""
    app = current_app._get_current_object()
    sender = app.extensions.get(SENDER)
    if sender is None:
        sender = app.extensions[SENDER] = Sender(app)
    return sender.start_due()


def stop_sending(app: Flask) -> None:
    """Let the worker's sends under way finish (within ``WEBHOOK_TIMEOUT``)."""
    sender = app.extensions.pop(SENDER, None)
    if sender is not None:
        sender.close()


def _claim(busy_endpoints: set[int]) -> Attempt | None:
    """Take the next due delivery of an active endpoint not in ``busy_endpoints`` and
    commit at once, so no other worker takes it: on PostgreSQL ``FOR UPDATE SKIP LOCKED``
    passes over rows another worker is claiming; on SQLite the claim is the one writer
    (``BEGIN IMMEDIATE``). Its next attempt moves past the timeout (the lease)."""
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
    if busy_endpoints:
        stmt = stmt.where(WebhookDelivery.endpoint_id.not_in(busy_endpoints))
    row = db.session.execute(stmt).first()
    if row is None:
        db.session.rollback()
        return None
    delivery, endpoint = row
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = now + timedelta(seconds=_timeout()) + LEASE_MARGIN
    attempt = Attempt(
        delivery.id, endpoint.id, delivery.attempts, endpoint.url, endpoint.secret,
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
