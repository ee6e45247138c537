"""Scheduled publishing: a draft published, or a portfolio made inactive, at a moment.

A schedule is a row (``models/schedule.py``) written in the transaction that asks for it;
the background worker (``portfolio_admin/worker.py``) finds the due ones with ``run_due``.
Each is carried out in a transaction of its own that also deletes the row, so the change
and the end of the schedule commit together or not at all.

Exactly once, with any number of workers: a worker locks the portfolio's row and then the
schedule's (the order every write takes, ``services.locking``), each with ``SKIP LOCKED``
on PostgreSQL, and reads the schedule again under the lock. A second worker either skips
the rows the first holds (and finds them gone next time) or, once the first has committed,
finds no pending row left. An editor's save that holds the portfolio makes the worker
leave the schedule for its next round rather than wait. On SQLite ``BEGIN IMMEDIATE``
makes writers take turns, and the same reading again under the lock holds.
"""

import logging
from datetime import datetime

from sqlalchemy import select

from portfolio_admin.activity.actors import Actor, acting_as, current_actor
from portfolio_admin.models import Portfolio, PortfolioSchedule
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.schedule import FAILED, PENDING, PUBLISH, UNPUBLISH
from portfolio_admin.services import drafts, locking, portfolios
from portfolio_admin.services.errors import NotFound, ValidationError

ACTIONS = (PUBLISH, UNPUBLISH)
NOT_IN_FUTURE = "Choose a moment in the future."
# Schedules carried out by one call of ``run_due``; the rest wait for the next (seconds).
BATCH = 100
log = logging.getLogger(__name__)


def schedules_of(portfolio_id: int) -> dict[str, PortfolioSchedule]:
    """The portfolio's schedules (pending or failed) by action."""
    stmt = select(PortfolioSchedule).where(PortfolioSchedule.portfolio_id == portfolio_id)
    rows = db.session.scalars(stmt.execution_options(populate_existing=True))
    return {row.action: row for row in rows}


def schedules_by_portfolio(ids: list[int]) -> dict[int, dict[str, PortfolioSchedule]]:
    """The schedules of these portfolios: ``{portfolio id: {action: schedule}}``."""
    stmt = select(PortfolioSchedule).where(PortfolioSchedule.portfolio_id.in_(ids))
    found: dict[int, dict[str, PortfolioSchedule]] = {}
    for row in db.session.scalars(stmt):
        found.setdefault(row.portfolio_id, {})[row.action] = row
    return found


def schedule(portfolio: Portfolio, action: str, at: datetime) -> PortfolioSchedule:
    """Schedule ``action`` of the portfolio at ``at`` (aware), replacing its earlier
    schedule of that action. ``ValidationError`` on ``at`` unless it is in the future;
    publishing checks the draft now as it will then (``drafts.NoDraft`` without one)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}.")
    locking.lock(portfolio)
    if at <= utcnow():
        raise ValidationError({"at": [NOT_IN_FUTURE]})
    if action == PUBLISH:
        drafts.check_publishable(portfolio)
    key = (portfolio.id, action)
    row = db.session.get(PortfolioSchedule, key, populate_existing=True, with_for_update=True)
    if row is None:
        row = PortfolioSchedule(portfolio_id=portfolio.id, action=action)
        db.session.add(row)
    row.run_at = at
    row.status = PENDING
    row.errors = None
    row.failed_at = None
    row.created_by_id = current_actor().user_id
    row.created_at = utcnow()
    db.session.flush()
    return row


def cancel(portfolio: Portfolio, action: str | None = None) -> None:
    """Drop the portfolio's schedule of ``action`` (pending or failed; ``None``: of
    both); ``NotFound`` when there is none."""
    locking.lock(portfolio)
    dropped = [_drop(portfolio.id, one) for one in ACTIONS if action in (None, one)]
    if not any(dropped):
        raise NotFound()


def unpublish(portfolio: Portfolio) -> None:
    """Make the portfolio inactive now (a revision), dropping its scheduled unpublishing."""
    locking.lock(portfolio)
    portfolios.update_portfolio(portfolio, {"is_active": False})
    _drop(portfolio.id, UNPUBLISH)


def _drop(portfolio_id: int, action: str) -> bool:
    """Delete the schedule through the session, so the activity log and the content
    version see it go; whether there was one."""
    row = db.session.get(PortfolioSchedule, (portfolio_id, action), populate_existing=True)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def run_due(limit: int = BATCH) -> int:
    """Carry out the schedules due now, earliest first, each in a transaction of its
    own; how many were carried out or marked failed. Those another worker holds are
    left to it; one that fails unexpectedly (the database went away) stays pending."""
    now = utcnow()
    stmt = (
        select(PortfolioSchedule.portfolio_id, PortfolioSchedule.action)
        .where(PortfolioSchedule.status == PENDING, PortfolioSchedule.run_at <= now)
        .order_by(PortfolioSchedule.run_at, PortfolioSchedule.portfolio_id)
        .limit(limit)
    )
    due = db.session.execute(stmt).all()
    db.session.rollback()
    finished = 0
    for portfolio_id, action in due:
        try:
            finished += _run_one(portfolio_id, action, now)
        except Exception:
            log.exception("The %s schedule of portfolio %s failed; it stays", action, portfolio_id)
            db.session.rollback()
    return finished


def _claim(portfolio_id: int, action: str, now: datetime):
    """The portfolio and its schedule, locked, if the schedule is still pending and due
    and no other transaction holds either row; else ``None``."""
    locking.begin_writing()
    portfolio = db.session.scalar(
        select(Portfolio)
        .where(Portfolio.id == portfolio_id)
        .with_for_update(key_share=True, skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if portfolio is None:
        return None
    row = db.session.scalar(
        select(PortfolioSchedule)
        .where(
            PortfolioSchedule.portfolio_id == portfolio_id,
            PortfolioSchedule.action == action,
            PortfolioSchedule.status == PENDING,
            PortfolioSchedule.run_at <= now,
        )
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return None if row is None else (portfolio, row)


def _run_one(portfolio_id: int, action: str, now: datetime) -> int:
    """Carry out one schedule and commit; 1 if it was carried out or marked failed."""
    claimed = _claim(portfolio_id, action, now)
    if claimed is None:
        db.session.rollback()
        return 0
    portfolio, row = claimed
    run_at = row.run_at
    # Recorded (activity, revisions) as the change of whoever scheduled it, "by schedule":
    # the change with the schedule gone, or the schedule failed.
    who = row.created_by.username if row.created_by else "schedule"
    with acting_as(Actor(who, "schedule", row.created_by_id)):
        try:
            if action == PUBLISH:
                drafts.publish_draft(portfolio)
            else:
                unpublish(portfolio)
        except drafts.NoDraft:
            errors = {"draft": [drafts.NO_DRAFT]}
        except ValidationError as exc:
            errors = exc.errors
        else:
            _drop(portfolio_id, action)
            db.session.commit()
            log.info("Carried out the %s schedule of portfolio %s", action, portfolio_id)
            return 1
        db.session.rollback()
        return _mark_failed(portfolio_id, action, run_at, errors)


def _mark_failed(portfolio_id: int, action: str, run_at: datetime, errors: dict) -> int:
    """Note why the schedule could not be carried out; it is not tried again."""
    claimed = _claim(portfolio_id, action, utcnow())
    if claimed is None or claimed[1].run_at != run_at:  # taken, or rescheduled meanwhile
        db.session.rollback()
        return 0
    row = claimed[1]
    row.status = FAILED
    row.errors = errors
    row.failed_at = utcnow()
    db.session.commit()
    log.warning("The %s schedule of portfolio %s failed: %s", action, portfolio_id, errors)
    return 1
