"""Revisions: a portfolio's whole output as stored after each change, to compare and restore."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, db, utcnow
from portfolio_admin.models.user import User

VIA = ("admin", "api", "cli")


class PortfolioRevision(db.Model):
    """The portfolio as the API showed it after one write, who wrote it, when and how.

    ``data`` is the documented output with file URLs as the storage gives them (rooted at
    the site, ``/media/...``, or a storage's absolute URL); readers add their own host.
    ``summary`` names the fields that changed, e.g. ``"title, tags"``.
    """

    __tablename__ = "portfolio_revisions"
    __table_args__ = (
        Index("ix_portfolio_revisions_portfolio_id_id", "portfolio_id", "id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    via: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(String(255))
    data: Mapped[dict] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()
