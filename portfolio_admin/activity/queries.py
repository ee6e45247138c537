"""Reading the activity log: one object's history, and the filtered global log."""

from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from portfolio_admin.activity.tracked import CHILDREN
from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import db
from portfolio_admin.timestamps import day_end, day_start

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
    """The entries matching every filter given, newest first; ``end`` is inclusive.

    ``ValueError`` when a day does not begin (``start``) or end (``end``) within what a
    datetime holds; the admin's filters refuse such days first.
    """
    stmt = select(ActivityEntry).order_by(*NEWEST_FIRST)
    if user_id is not None:
        stmt = stmt.where(ActivityEntry.user_id == user_id)
    if resource:
        stmt = stmt.where(ActivityEntry.resource == resource)
    if action:
        stmt = stmt.where(ActivityEntry.action == action)
    if start:
        stmt = stmt.where(ActivityEntry.at >= day_start(start, staff_zone()))
    if end:
        stmt = stmt.where(ActivityEntry.at < day_end(end, staff_zone()))
    return stmt


def staff_zone() -> ZoneInfo:
    """The staff's time zone, in which the log's days begin and end."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC"))
