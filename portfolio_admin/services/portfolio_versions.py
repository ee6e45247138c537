"""The version of a portfolio an edit was started from, and whether it is still the latest.

A portfolio's version is the id of its newest revision (0 before it has one): every write
that changes what the API shows stores a revision, so a newer id means someone else's
change. ``newer_revision`` locks the portfolio's row before it looks, and the lock holds
until the transaction ends, so a check and the save after it are one step: two saves
started from the same version take turns, and the second sees the first's revision.
"""

from sqlalchemy import func, select

from portfolio_admin.models import Portfolio, PortfolioRevision
from portfolio_admin.models.base import db
from portfolio_admin.services import locking


def current_version(portfolio_id: int) -> int:
    """The id of the portfolio's newest revision, or 0."""
    stmt = select(func.max(PortfolioRevision.id)).where(
        PortfolioRevision.portfolio_id == portfolio_id
    )
    return db.session.scalar(stmt) or 0


def newer_revision(portfolio: Portfolio, version: int) -> PortfolioRevision | None:
    """Lock the portfolio, then its newest revision if that is newer than ``version``."""
    locking.lock(portfolio)
    latest = current_version(portfolio.id)
    if latest == version:
        return None
    return db.session.get(PortfolioRevision, latest)


def revision_at(portfolio_id: int, version: int) -> PortfolioRevision | None:
    """The revision an edit started from, if it is still kept."""
    revision = db.session.get(PortfolioRevision, version) if version else None
    return revision if revision is not None and revision.portfolio_id == portfolio_id else None
