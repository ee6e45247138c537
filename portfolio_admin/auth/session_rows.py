"""The rows of signed-in sessions: start one (its key is returned once), list, end one or all of a
user's, renew a key, and forget expired ones.

Finding a browser's session on each request is ``auth.sessions``' job.
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from portfolio_admin.models import User, UserSession
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import token_digest
from portfolio_admin.models.user_session import USER_AGENT_MAX_LENGTH
from portfolio_admin.schemas.common import MAX_ID

# Recording every request would turn each page view into a write; a minute is enough.
LAST_SEEN_PRECISION = timedelta(minutes=1)


def lifetime(remember: bool) -> timedelta:
    """How long a session lasts: "Keep me signed in" from its start, else from its last use."""
    if remember:
        return current_app.config["REMEMBER_COOKIE_DURATION"]
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def start_session(
    user: User, *, remember: bool, user_agent: str = "", address: str = ""
) -> tuple[UserSession, str]:
    """A new session of ``user`` and its key. Only the key's digest is stored."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        user=user,
        digest=token_digest(key),
        remember=remember,
        user_agent=user_agent[:USER_AGENT_MAX_LENGTH],
        address=address[:64],
        signed_in_at=now,
        last_seen_at=now,
        expires_at=now + lifetime(remember),
    )
    db.session.add(row)
    db.session.flush()
    return row, key


def renew_key(row: UserSession) -> str:
    """A new key for the session; the old one, wherever it was copied to, stops working."""
    key = secrets.token_urlsafe(32)
    row.digest = token_digest(key)
    db.session.flush()
    return key


def record_use(session_id: int, remember: bool, now: datetime) -> None:
    """Note that the session was used ``now``; one without "Keep me signed in" lasts longer.

    Written in a transaction of its own, so a page that only reads stays read-only and a
    page whose changes are rolled back still counts as a visit.
    """
    values = {"last_seen_at": now}
    if not remember:
        values["expires_at"] = now + lifetime(False)
    with db.engine.begin() as connection:
        connection.execute(update(UserSession).where(UserSession.id == session_id).values(values))


def list_sessions(user: User) -> list[UserSession]:
    """The user's unexpired sessions, the most recently used first."""
    stmt = (
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.expires_at > utcnow())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(db.session.scalars(stmt))


def find_session(session_id: int, owner: User) -> UserSession | None:
    """The session ``session_id`` of ``owner``; ``None`` for someone else's too."""
    row = db.session.get(UserSession, session_id) if 0 < session_id <= MAX_ID else None
    if row is None or row.user_id != owner.id:
        return None
    return row


def end_session(session_id: int) -> None:
    """Sign one browser out: its cookies no longer name a session."""
    db.session.execute(delete(UserSession).where(UserSession.id == session_id))


def end_sessions(user: User, keep: int | None = None) -> int:
    """Sign ``user`` out everywhere but in the session ``keep``; how many sessions ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    return db.session.execute(stmt).rowcount


def delete_expired() -> int:
    """Forget every expired session; how many there were."""
    stmt = delete(UserSession).where(UserSession.expires_at <= utcnow())
    return db.session.execute(stmt).rowcount
