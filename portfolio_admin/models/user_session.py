"""Signed-in browser sessions, kept on the server so they can be ended."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, db, utcnow
from portfolio_admin.models.user import User

USER_AGENT_MAX_LENGTH = 512


class UserSession(db.Model):
    """One signed-in browser. Its cookies hold a random key; only the key's digest is
    stored, so reading this table does not let anyone sign in."""

    __tablename__ = "user_sessions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)  # "Keep me signed in" was ticked
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_MAX_LENGTH), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    signed_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    user: Mapped[User] = relationship()
