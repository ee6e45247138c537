"""API tokens: shown once, stored only as a digest."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, db, utcnow
from portfolio_admin.models.user import User

KEY_PREFIX = "pa_"


def token_digest(key: str) -> str:
    """The stored form of a key. Keys are long and random, so SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    """A new random key."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiToken(db.Model):
    """A named key a user calls the API with (``Authorization: Token <key>``)."""

    __tablename__ = "api_tokens"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    scope_rows: Mapped[list["ApiTokenScope"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ApiTokenScope.code"
    )

    @property
    def scope(self) -> set[int] | None:
        """The codes this token is limited to, or ``None`` for all of its user's."""
        return {row.code for row in self.scope_rows} or None

    def status(self, now: datetime) -> str:
        """``"revoked"``, ``"expired"`` or ``"active"`` (whatever its user's state)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


class ApiTokenScope(db.Model):
    """One permission code a scoped token may use (a token with none may use all its
    user's codes). What a token may do is its scope and its user's codes now, together."""

    __tablename__ = "api_token_scopes"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
