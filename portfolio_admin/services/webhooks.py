"""Webhook endpoints (register, change, delete), the list of deliveries, and resending.

Events are recorded by ``services.webhook_events`` in the transaction of each change, and
sent by ``services.webhook_deliveries`` (in the worker, never in a request). Administrators
register the URLs, so any http(s) URL is accepted (an internal service may be the
receiver).
"""

import base64
import secrets
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portfolio_admin.models import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.webhook import PENDING
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.webhook_events import EVENT_TYPES
from portfolio_admin.text import control_character_problem

URL_MAX_LENGTH = 2000
SECRET_PREFIX = "whsec_"  # noqa: S105  (the format's prefix, not a secret)


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
