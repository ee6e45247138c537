"""Slow down password guessing: failed sign-ins counted per account and per address.

An attempt is counted as failed before its password is checked (``admit_attempt``) and
forgotten if it succeeds, so however many arrive at once, no more than the limit are checked.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from portfolio_admin.models import LoginAttempt
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import locking


def _window_start():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def _failures(column, value) -> int:
    stmt = select(func.count()).where(column == value, LoginAttempt.attempted_at >= _window_start())
    return db.session.scalar(stmt) or 0


def is_throttled(username: str, address: str) -> bool:
    """Whether this account or this address failed too often within the window."""
    config = current_app.config
    return (
        _failures(LoginAttempt.username, username.lower()) >= config["LOGIN_FAILURES_PER_ACCOUNT"]
        or _failures(LoginAttempt.address, address) >= config["LOGIN_FAILURES_PER_ADDRESS"]
    )


def admit_attempt(username: str, address: str) -> bool:
    """Count a sign-in attempt as failed, unless the account or the address failed too
    often within the window: then ``False``, and nothing is counted.

    Checking and counting take turns (a table lock), so commit before checking the
    password; ``forget_failures`` clears the count when the password is right.
    """
    locking.lock_table(LoginAttempt)
    if is_throttled(username, address):
        return False
    record_failure(username, address)
    return True


def record_failure(username: str, address: str) -> None:
    """Count one failed sign-in, and forget failures older than the window."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < _window_start()))
    db.session.add(LoginAttempt(username=username.lower()[:150], address=address[:64]))
    db.session.flush()


def forget_failures(username: str) -> None:
    """After a successful sign-in, the account's earlier failures no longer count."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.username == username.lower()))
    db.session.flush()
