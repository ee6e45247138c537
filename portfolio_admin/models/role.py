"""Roles: named sets of permission codes (e.g. "Editor") that users hold together."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db


class Role(Timestamped, db.Model):
    """A named set of permission codes; a user's codes are their own plus their roles'."""

    __tablename__ = "roles"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    permission_rows: Mapped[list["RolePermission"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def permissions(self) -> set[int]:
        """The permission codes this role grants."""
        return {row.code for row in self.permission_rows}

    def set_permissions(self, codes) -> None:
        """Replace the role's permission codes."""
        wanted = set(codes)
        self.permission_rows = [r for r in self.permission_rows if r.code in wanted]
        for code in sorted(wanted - self.permissions):
            self.permission_rows.append(RolePermission(code=code))


class RolePermission(db.Model):
    """One permission code granted by one role."""

    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class UserRole(db.Model):
    """One role held by one user (``User.roles`` reads and writes these rows)."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


user_roles = UserRole.__table__
