"""Reading the activity log: one object's history, and the filtered global log."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from portfolio_admin.activity.tracked import CHILDREN
from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import db

NEWEST_FIRST = (ActivityEntry.at.desc(), ActivityEntry.id.desc())


def history(resource: str, pk: int, limit: int = 20) -> list[ActivityEntry]:
    """The latest entries about one object and the objects shown with it (a portfolio's
    links and meta entries, a user's tokens)."""
    clause = (ActivityEntry.resource == resource) & (ActivityEntry.object_id == pk)
    if CHILDREN.get(resource):
        clause = or_(
            clause,
            ActivityEntry.resource.in_(CHILDREN[resource]) & (ActivityEntry.parent_id == pk),
        )
    stmt = select(ActivityEntry).where(clause).order_by(*NEWEST_FIRST).limit(limit)
    return list(db.session.scalars(stmt))


def log(
    *,
    user_id: int | None = None,
    resource: str | None = None,
    action: str | None = None,
    start: date | None = None,
    end: date | None = None,
):
    """The entries matching every filter given, newest first; ``end`` is inclusive."""
    stmt = select(ActivityEntry).order_by(*NEWEST_FIRST)
    if user_id is not None:
        stmt = stmt.where(ActivityEntry.user_id == user_id)
    if resource:
        stmt = stmt.where(ActivityEntry.resource == resource)
    if action:
        stmt = stmt.where(ActivityEntry.action == action)
    if start:
        stmt = stmt.where(ActivityEntry.at >= _midnight(start))
    if end:
        stmt = stmt.where(ActivityEntry.at < _midnight(end + timedelta(days=1)))
    return stmt


def _midnight(day: date) -> datetime:
    """The start of ``day`` in the staff's time zone."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))
    return datetime.combine(day, time(), tzinfo=zone)
