"""Whether background workers are running: each ``flask worker`` refreshes a row of its
own while it runs and deletes it when it stops cleanly, so a row whose last beat is old
belongs to a worker that died (killed, machine lost) or hangs."""

from datetime import timedelta

from sqlalchemy import delete, exists, select, update

from portfolio_admin.models import WorkerHeartbeat
from portfolio_admin.models.base import db, utcnow

OK = "ok"
STALE = "stale"
NONE = "none"
# Rows of workers that died are kept this long, to tell "stale" from "none", then pruned.
FORGET_AFTER = timedelta(days=7)


def beat(name: str, host: str, pid: int) -> None:
    """Note that worker ``name`` is alive now (its row is made on its first beat)."""
    now = utcnow()
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - FORGET_AFTER))
    stmt = update(WorkerHeartbeat).where(WorkerHeartbeat.name == name).values(beat_at=now)
    if not db.session.execute(stmt).rowcount:
        db.session.add(WorkerHeartbeat(name=name, host=host, pid=pid, started_at=now, beat_at=now))
    db.session.flush()


def forget(name: str) -> None:
    """Worker ``name`` stopped cleanly: it is no longer running."""
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.name == name))


def state(stale_after: timedelta) -> str:
    """``ok``: some worker beat within ``stale_after``; ``stale``: none did, but one ran
    in the last days and did not stop cleanly; ``none``: no worker is running."""
    since = utcnow() - stale_after
    if db.session.scalar(select(exists().where(WorkerHeartbeat.beat_at >= since))):
        return OK
    return STALE if db.session.scalar(select(exists().select_from(WorkerHeartbeat))) else NONE


def alive_on(host: str, stale_after: timedelta) -> bool:
    """Whether a worker on ``host`` beat within ``stale_after``."""
    since = utcnow() - stale_after
    found = exists().where(WorkerHeartbeat.host == host, WorkerHeartbeat.beat_at >= since)
    return bool(db.session.scalar(select(found)))
