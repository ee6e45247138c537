"""Failed sign-ins, kept for a while so repeated guessing can be slowed down."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portfolio_admin.models.base import NEVER_REUSE_IDS, db, utcnow


class LoginAttempt(db.Model):
    """One failed sign-in: the username tried, from which address, and when."""

    __tablename__ = "login_attempts"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
