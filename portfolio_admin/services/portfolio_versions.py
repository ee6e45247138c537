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


def current_version(portfolio_id: int) -> int:
    """The id of the portfolio's newest revision, or 0."""
    stmt = select(func.max(PortfolioRevision.id)).where(
        PortfolioRevision.portfolio_id == portfolio_id
    )
    return db.session.scalar(stmt) or 0


def lock_portfolio(portfolio: Portfolio) -> None:
    """Hold the portfolio's row until the transaction ends (SQLite: become its writer)."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        # pysqlite opens a transaction only before the first write; one already open
        # holds SQLite's write lock.
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    stmt = select(Portfolio.id).where(Portfolio.id == portfolio.id)
    db.session.execute(stmt.with_for_update(key_share=True))


def newer_revision(portfolio: Portfolio, version: int) -> PortfolioRevision | None:
    """Lock the portfolio, then its newest revision if that is newer than ``version``."""
    lock_portfolio(portfolio)
    latest = current_version(portfolio.id)
    if latest == version:
        return None
    return db.session.get(PortfolioRevision, latest)


def revision_at(portfolio_id: int, version: int) -> PortfolioRevision | None:
    """The revision an edit started from, if it is still kept."""
    revision = db.session.get(PortfolioRevision, version) if version else None
    return revision if revision is not None and revision.portfolio_id == portfolio_id else None
