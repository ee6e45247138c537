"""Staff accounts and the permission codes they hold."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.role import Role, user_roles
from portfolio_admin.models.searchable import Searchable, search_index


class User(UserMixin, Searchable, Timestamped, db.Model):
    """A person who signs in to the admin or calls the API with a token."""

    __tablename__ = "users"
    __table_args__ = (search_index("users"), NEVER_REUSE_IDS)

    search_columns = ("username",)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str | None] = mapped_column(String(10))
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in: the TOTP secret (base32), the last time step a code was
    # accepted for (a code is good once), and a random stamp that changes whenever the
    # second factor is set or reset (so "remember this browser" cookies stop working).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    two_factor_stamp: Mapped[str | None] = mapped_column(String(32))

    permission_rows: Mapped[list["UserPermission"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    roles: Mapped[list[Role]] = relationship(
        secondary=user_roles, lazy="selectin", order_by=Role.name
    )

    @property
    def own_permissions(self) -> set[int]:
        """The permission codes given to this user directly (not through a role)."""
        return {row.code for row in self.permission_rows}

    @property
    def permissions(self) -> set[int]:
        """The permission codes this user holds: their own and their roles'."""
        codes = self.own_permissions
        for role in self.roles:
            codes |= role.permissions
        return codes

    def set_permissions(self, codes) -> None:
        """Replace the user's own permission codes (their roles' stay)."""
        wanted = set(codes)
        self.permission_rows = [r for r in self.permission_rows if r.code in wanted]
        for code in sorted(wanted - self.own_permissions):
            self.permission_rows.append(UserPermission(code=code))


class UserPermission(db.Model):
    """One permission code (e.g. 4221) held by one user."""

    __tablename__ = "user_permissions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
