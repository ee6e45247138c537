"""A portfolio's scheduled change: its draft published, or the portfolio made inactive,
at a moment; carried out by the background worker (``flask worker``)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.user import User

PUBLISH = "publish"
UNPUBLISH = "unpublish"
PENDING = "pending"
FAILED = "failed"


class PortfolioSchedule(db.Model):
    """``action`` (``publish`` or ``unpublish``) of a portfolio at ``run_at``: at most one
    of each per portfolio. A pending row is the worker's queue item; carried out, it is
    deleted in the same transaction as the change it made. One the worker could not carry
    out (the draft no longer passes its checks) stays ``failed``, with ``errors`` naming
    the fields, until someone cancels or schedules it again."""

    __tablename__ = "portfolio_schedules"
    # The worker's question: which pending rows are due, earliest first.
    __table_args__ = (Index("ix_portfolio_schedules_due", "status", "run_at"),)

    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    run_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    # ``{"field": ["message"]}`` as the services wrote them (English), when it failed.
    errors: Mapped[dict | None] = mapped_column(JSON)
    failed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()
