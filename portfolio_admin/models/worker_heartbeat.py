"""Background workers that are running: each one's row, refreshed while it runs."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portfolio_admin.models.base import db, utcnow


class WorkerHeartbeat(db.Model):
    """A ``flask worker`` process (``name`` is ``host:pid``) and the last time it said it
    was alive. Its row is deleted when it stops cleanly; a row whose ``beat_at`` is old
    belongs to a worker that died or hangs."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), index=True)
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)
