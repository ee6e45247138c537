"""A portfolio's working draft: the next version, kept beside the live one until published."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.user import User


class PortfolioDraft(db.Model):
    """The portfolio's input as it will be once published (at most one per portfolio).

    ``payload`` is the validated portfolio input (``schemas.portfolios.PortfolioInput``)
    as JSON; ``base_version`` the live version (``services.portfolio_versions``) the draft
    was started from, so a change to the live portfolio since can be told apart.
    """

    __tablename__ = "portfolio_drafts"

    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    payload: Mapped[dict] = mapped_column(JSON)
    base_version: Mapped[int] = mapped_column(default=0)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    updated_by: Mapped[User | None] = relationship()
