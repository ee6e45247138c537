"""Who has a portfolio's edit form open: one row per user and portfolio, with the last
time the open page said so."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.user import User


class EditPresence(db.Model):
    """``user`` had portfolio ``portfolio_id`` open at ``seen_at`` (refreshed while open)."""

    __tablename__ = "edit_presence"

    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
