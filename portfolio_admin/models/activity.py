"""The activity log: one row per created, changed or deleted object."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portfolio_admin.models.base import NEVER_REUSE_IDS, db, utcnow

VIA = ("ui", "api", "cli")
ACTIONS = ("create", "update", "delete")


class ActivityEntry(db.Model):
    """Who did what to which object, when, how, and the fields changed ``{field: [old, new]}``.

    The actor's name and the object's label are copied, so the entry still reads right
    after the user or the object is gone.
    """

    __tablename__ = "activity_entries"
    __table_args__ = (
        Index("ix_activity_entries_resource_object_id", "resource", "object_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(150))
    via: Mapped[str] = mapped_column(String(8))
    token_name: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(8))
    resource: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(index=True)  # a link's or meta's portfolio
    object_label: Mapped[str] = mapped_column(String(255))
    changes: Mapped[dict] = mapped_column(JSON)
