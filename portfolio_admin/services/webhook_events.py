"""Record a webhook event for each change that reaches live data, in the same transaction
as the change: a rolled-back change records nothing, a committed one all of its events.

It listens to session events, as the activity log does (``activity/recorder.py``), so
every writer is covered (API, admin, CLI, the worker). Before each flush it notes the
objects about to change and, for a portfolio, its state before the transaction touched it;
just before commit it decides one event per object, however many flushes the services
needed, and adds one delivery per active endpoint subscribed to it. The worker sends them
(``services.webhook_deliveries``); nothing is sent from the request.

A portfolio not yet published is not live: a draft, and changes to a portfolio no one can
see yet, send nothing. Publishing sends ``portfolio.published`` the first time, and
``portfolio.updated`` after; ``is_active`` turned off is ``portfolio.unpublished``, turned
on again ``portfolio.published``.
"""

import uuid
from collections import defaultdict
from dataclasses import replace

import orjson
from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from portfolio_admin.activity import cascades
from portfolio_admin.activity.tracked import BY_MODEL
from portfolio_admin.models import (
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioTag,
    Tag,
    Thumbnail,
    WebhookDelivery,
    WebhookEndpoint,
)
from portfolio_admin.models.base import listen_to_sessions, utcnow
from portfolio_admin.models.webhook import PENDING

SUBJECTS = {Portfolio: "portfolio", Employer: "employer", Tag: "tag", MediaFile: "media"}
# Rows that are part of another object's output: changing them changes their owner.
OWNED = {
    GalleryImage: (Portfolio, "portfolio_id"),
    PortfolioTag: (Portfolio, "portfolio_id"),
    Link: (Portfolio, "portfolio_id"),
    MetaEntry: (Portfolio, "portfolio_id"),
    Thumbnail: (MediaFile, "media_id"),
}
EVENT_TYPES = (
    "portfolio.created", "portfolio.updated", "portfolio.deleted",
    "portfolio.published", "portfolio.unpublished",
    "employer.created", "employer.updated", "employer.deleted",
    "tag.created", "tag.updated", "tag.deleted",
    "media.created", "media.updated", "media.deleted",
)  # fmt: skip

# A portfolio's fields and ordered lists as the activity log compares them, and whether
# it is live: compared before and after, so a save that changes nothing sends nothing.
# Its schedules are no live data.
PORTFOLIO_STATE = replace(
    BY_MODEL[Portfolio], fields=(*BY_MODEL[Portfolio].fields, "published"), children=()
)

ENABLED = "webhooks_enabled"  # session.info: whether any endpoint is active (per transaction)
CREATED = "webhooks_created"  # objects added in this transaction
CHANGED = "webhooks_changed"  # {(model, id)} changed, deleted or changed by the database
CERTAIN = "webhooks_certain"  # {portfolio id} whose links or meta entries changed
GONE = "webhooks_gone"  # {(model, id): name} deleted in this transaction
BEFORE = "webhooks_before"  # {portfolio id: PORTFOLIO_STATE snapshot before the change}
KEYS = (ENABLED, CREATED, CHANGED, CERTAIN, GONE, BEFORE)


def _touched(session: Session):
    """``(model, id, obj, deleted)`` for each object this flush changes; ``id`` is ``None``
    for a new object; for an owner reached through a row it owns, ``obj`` is that row."""
    changes = (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted))
    for how, objects in changes:
        for obj in objects:
            model = type(obj)
            if model not in SUBJECTS and model not in OWNED:
                continue
            if how == "dirty" and not session.is_modified(obj):
                continue
            if model in OWNED:
                owner, column = OWNED[model]
                if getattr(obj, column) is not None:
                    yield owner, getattr(obj, column), obj, False
                continue
            identity = inspect(obj).identity
            yield model, identity[0] if identity else None, obj, how == "deleted"


def _enabled(session: Session) -> bool:
    """Whether an endpoint could hear of this transaction's changes (asked once per
    transaction: without endpoints, a write costs one small query more)."""
    if ENABLED not in session.info:
        stmt = select(WebhookEndpoint.id).where(WebhookEndpoint.is_active.is_(True)).limit(1)
        found = session.connection().execute(stmt).first() is not None
        session.info[ENABLED] = found or any(isinstance(o, WebhookEndpoint) for o in session.new)
    return session.info[ENABLED]


def _note(session: Session, _context, _instances) -> None:
    """Before a flush: note what changes, and each portfolio's state before its first change."""
    touched = list(_touched(session))
    if not touched or not _enabled(session):
        return
    created = session.info.setdefault(CREATED, [])
    changed = session.info.setdefault(CHANGED, set())
    certain = session.info.setdefault(CERTAIN, set())
    gone = session.info.setdefault(GONE, {})
    created_keys = {(type(obj), obj.id) for obj in created}
    deleting = defaultdict(set)
    for model, pk, obj, deleted in touched:
        if pk is None:
            if not any(obj is known for known in created):
                created.append(obj)
            continue
        if deleted:
            gone[model, pk] = _label(model, obj)
            deleting[model].add(pk)
        if (model, pk) in created_keys:
            continue
        changed.add((model, pk))
        if isinstance(obj, Link | MetaEntry):
            certain.add(pk)  # not in the portfolio's snapshot: changed for certain
    connection = session.connection()
    for model, pk in cascades.affected(connection, deleting):
        if model in SUBJECTS and (model, pk) not in created_keys:
            changed.add((model, pk))
    before = session.info.setdefault(BEFORE, {})
    unseen = {pk for model, pk in changed if model is Portfolio and pk not in before}
    if unseen:
        found = PORTFOLIO_STATE.snapshots(connection, unseen)
        before.update({pk: found.get(pk) for pk in unseen})


def _portfolio_event(old: dict | None, new: dict | None, certain: bool) -> str | None:
    """The action a portfolio's change is to the public site, or ``None`` for none."""
    if old is None or not old["published"]:
        return "published" if new is not None and new["published"] else None
    if new is None:
        return "deleted"
    if old["is_active"] and not new["is_active"]:
        return "unpublished"
    if not old["is_active"] and new["is_active"]:
        return "published"
    return "updated" if certain or old != new else None


def _events(session: Session) -> list[tuple[str, dict]]:
    """``(type, data)`` of each event the transaction's noted changes make."""
    created = session.info.get(CREATED, [])
    changed = session.info.get(CHANGED, set())
    gone = session.info.get(GONE, {})
    connection = session.connection()
    events = []
    for obj in created:
        model = type(obj)
        if obj.id is None or (model, obj.id) in gone:
            continue
        if model is not Portfolio or obj.published:
            events.append((f"{SUBJECTS[model]}.created", _data(model, obj.id, _label(model, obj))))
    portfolios = [pk for model, pk in changed if model is Portfolio]
    before = session.info.get(BEFORE, {})
    after = PORTFOLIO_STATE.snapshots(connection, portfolios)
    others = defaultdict(list)
    for model, pk in sorted(changed, key=lambda key: (SUBJECTS[key[0]], key[1])):
        if model is Portfolio:
            old, new = before.get(pk), after.get(pk)
            action = _portfolio_event(old, new, pk in session.info.get(CERTAIN, ()))
            if action:
                events.append((f"portfolio.{action}", _data(model, pk, (new or old)["slug"])))
        elif (model, pk) in gone:
            events.append((f"{SUBJECTS[model]}.deleted", _data(model, pk, gone[model, pk])))
        else:
            others[model].append(pk)
    for model, ids in others.items():
        stmt = select(model.id, model.name).where(model.id.in_(ids))
        names = dict(connection.execute(stmt).all())
        events += [
            (f"{SUBJECTS[model]}.updated", _data(model, pk, names[pk])) for pk in ids if pk in names
        ]
    return events


def _label(model, obj) -> str:
    return obj.slug if model is Portfolio else obj.name


def _data(model, pk: int, label: str) -> dict:
    """An event's ``data``: the object's id and its slug (a portfolio) or name."""
    return {"id": pk, "slug" if model is Portfolio else "name": label}


def _write(session: Session) -> None:
    """Before commit: one delivery per event and active endpoint subscribed to it."""
    session.flush()  # so changes not flushed yet are noted too
    try:
        if not session.info.get(ENABLED) or not (
            session.info.get(CREATED) or session.info.get(CHANGED)
        ):
            return
        events = _events(session)
        if not events:
            return
        stmt = select(WebhookEndpoint.id, WebhookEndpoint.events).where(
            WebhookEndpoint.is_active.is_(True)
        )
        endpoints = session.connection().execute(stmt).all()
        now = utcnow()
        rows = []
        for kind, data in events:
            message_id = f"msg_{uuid.uuid4().hex}"
            body = {"type": kind, "timestamp": now, "data": data}
            payload = orjson.dumps(body, option=orjson.OPT_UTC_Z).decode()
            rows += [
                {
                    "endpoint_id": endpoint_id,
                    "message_id": message_id,
                    "event_type": kind,
                    "payload": payload,
                    "status": PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for endpoint_id, subscribed in endpoints
                if kind in subscribed
            ]
        if rows:
            session.execute(insert(WebhookDelivery), rows)
    finally:
        _forget(session)


def _forget(session: Session, *_args) -> None:
    for key in KEYS:
        session.info.pop(key, None)


def register() -> None:
    """Record the webhook events of every committed change to live data."""
    listen_to_sessions(before_flush=_note, before_commit=_write, after_soft_rollback=_forget)
