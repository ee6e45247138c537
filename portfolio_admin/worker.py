"""``flask worker``: the background jobs, run every few seconds, on any number of instances.

The queue is the database: a job's work is rows written in the same transaction as the
change that asks for it (a transactional outbox), so nothing is lost when a request
commits and nothing is queued when it rolls back. Each job claims its rows with row locks
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL), so every instance may run a worker
and each item is still handled once. APScheduler only keeps time: a ``BlockingScheduler``
runs each job at its interval in a thread of its own, never two runs of one job at once,
with jobs kept in memory (its shared job stores are not safe for several processes, and
nothing here needs them: the rows are the schedule).

A worker also says it is alive (``services/worker_heartbeats.py``): ``flask worker
--check`` and ``/readyz`` read that. SIGTERM or SIGINT stops it: no job starts after
that, the running ones finish, and it exits 0.
"""

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_SCHEDULER_START
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from portfolio_admin.models.base import db
from portfolio_admin.services import (
    avif_thumbnails,
    schedules,
    webhook_deliveries,
    worker_heartbeats,
)

# The background jobs: (name, function, seconds between runs; ``None``: every
# WORKER_POLL_SECONDS). A function handles what is due, committing as it goes, and
# returns how many items it handled. Add a job with one line here.
JOBS: list[tuple[str, Callable[[], int], float | None]] = [
    ("scheduled publishing", schedules.run_due, None),
    # Every 2 s: a first retry, 3 s after a failed attempt, then goes within 5 s. It
    # only starts the sends (on a pool of threads), so a slow endpoint never delays it.
    ("webhook deliveries", webhook_deliveries.send_due, 2.0),
    ("webhook pruning", webhook_deliveries.prune_deliveries, 3600.0),
    ("AVIF thumbnails", avif_thumbnails.make_missing, None),  # IMAGE_AVIF = "worker"
]

log = logging.getLogger(__name__)


class Worker:
    """Runs ``jobs`` in ``app`` until ``request_stop``; ``run`` blocks meanwhile."""

    def __init__(self, app: Flask, jobs=None):
        self.app = app
        self.jobs = JOBS if jobs is None else jobs
        self.poll = app.config["WORKER_POLL_SECONDS"]
        self.host = socket.gethostname()
        self.name = f"{self.host}:{os.getpid()}"
        self._state = threading.Condition()
        self._stopping = False
        self._running = 0
        self._stop_requested = threading.Event()
        self.scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(len(self.jobs) + 1)},
            # A run that comes late (the previous one still running) is run once, late.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        now = datetime.now(UTC)
        for name, job, interval in self.jobs:
            self.scheduler.add_job(
                self._guarded, "interval", args=(name, job), seconds=interval or self.poll,
                id=name, name=name, next_run_time=now,
            )  # fmt: skip
        self.scheduler.add_job(
            self._guarded, "interval", args=("heartbeat", self._beat), seconds=self.poll,
            id="heartbeat", name="heartbeat", next_run_time=now + timedelta(seconds=self.poll),
        )  # fmt: skip
        self.scheduler.add_listener(self._stop_if_asked, EVENT_SCHEDULER_START)

    def run(self) -> None:
        """Run the jobs until asked to stop, then wait for the running ones to finish."""
        names = ", ".join(name for name, _job, _interval in self.jobs)
        log.info("Worker %s started (%s, every %ss)", self.name, names, self.poll)
        self._guarded("heartbeat", self._beat)
        stopper = threading.Thread(target=self._stop_when_asked, name="worker-stop", daemon=True)
        stopper.start()
        self.scheduler.start()  # returns once stopped
        with self._state:
            self._state.wait_for(lambda: self._running == 0)
        webhook_deliveries.stop_sending(self.app)  # the sends under way finish
        try:
            with self.app.app_context():
                worker_heartbeats.forget(self.name)
                db.session.commit()
        except Exception:  # the database is away: the row goes stale instead
            log.exception("Worker %s could not remove its heartbeat", self.name)
        log.info("Worker %s stopped", self.name)

    def request_stop(self, *_signal) -> None:
        """Ask the worker to stop; safe in a signal handler (it only sets an event, which
        a thread of the worker's waits for: the handler may interrupt the scheduler in
        the middle of taking a lock)."""
        self._stop_requested.set()

    def _stop_when_asked(self) -> None:
        self._stop_requested.wait()
        with self._state:
            self._stopping = True
        # Not started yet: _stop_if_asked stops it as it starts.
        with contextlib.suppress(SchedulerNotRunningError):
            self.scheduler.shutdown(wait=False)

    def _stop_if_asked(self, _event) -> None:
        if self._stopping:
            self.scheduler.shutdown(wait=False)

    def _guarded(self, name: str, job: Callable[[], int]) -> None:
        """Run ``job`` in an app context of its own unless the worker is stopping; a
        failure is logged and rolled back, and the job runs again at its next time."""
        with self._state:
            if self._stopping:
                return
            self._running += 1
        try:
            with self.app.app_context():
                try:
                    handled = job()
                    db.session.commit()
                except Exception:
                    log.exception("Worker job %r failed", name)
                    db.session.rollback()
                else:
                    if handled:
                        log.info("Worker job %r handled %s item(s)", name, handled)
        finally:
            with self._state:
                self._running -= 1
                self._state.notify_all()

    def _beat(self) -> int:
        worker_heartbeats.beat(self.name, self.host, os.getpid())
        return 0


def stale_after(app: Flask) -> timedelta:
    """How long a worker may be silent before it counts as dead."""
    return timedelta(seconds=app.config["WORKER_STALE_SECONDS"])


def alive_here(app: Flask) -> bool:
    """Whether a worker on this host said it was alive lately (``flask worker --check``)."""
    return worker_heartbeats.alive_on(socket.gethostname(), stale_after(app))


def state_check(app: Flask) -> Callable[[], str]:
    """A readiness check (``readiness.Probe``) answering ``worker_heartbeats.state``:
    ``ok``, ``stale`` or ``none``."""

    def check() -> str:
        with app.app_context():
            return worker_heartbeats.state(stale_after(app))

    return check
