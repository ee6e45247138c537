"""Who else has a portfolio's edit form open, and whether it was saved since a version.

An open form says it is still open every ``POLL_SECONDS``; someone not heard from for
``GONE_AFTER_SECONDS`` has closed it.
"""

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portfolio_admin.models import EditPresence, PortfolioRevision, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services.portfolio_versions import current_version

POLL_SECONDS = 15
GONE_AFTER_SECONDS = 45


def still_open(portfolio_id: int, user_id: int) -> None:
    """Note that the user has the portfolio's form open now."""
    now = utcnow()
    stmt = update(EditPresence).where(
        EditPresence.portfolio_id == portfolio_id, EditPresence.user_id == user_id
    )
    if db.session.execute(stmt.values(seen_at=now)).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(EditPresence(portfolio_id=portfolio_id, user_id=user_id, seen_at=now))
    except IntegrityError:  # the same user's other tab was first: it is noted already
        pass


def others_editing(portfolio_id: int, user_id: int) -> list[str]:
    """The usernames of the others who have the form open, by name."""
    since = utcnow() - timedelta(seconds=GONE_AFTER_SECONDS)
    stmt = (
        select(User.username)
        .join(EditPresence, EditPresence.user_id == User.id)
        .where(
            EditPresence.portfolio_id == portfolio_id,
            EditPresence.user_id != user_id,
            EditPresence.seen_at >= since,
        )
        .order_by(User.username)
    )
    return list(db.session.scalars(stmt))


def saved_since(portfolio_id: int, version: int) -> PortfolioRevision | None:
    """The portfolio's newest revision when it is newer than ``version``."""
    latest = current_version(portfolio_id)
    return db.session.get(PortfolioRevision, latest) if latest > version else None
