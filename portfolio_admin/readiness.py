"""Readiness checks that answer in bounded time, whatever the database or storage do.

Each check runs in a daemon thread of its own, and the probe waits for it at most
``CHECK_TIMEOUT`` seconds. A check that is still running when the next probe comes is
waited on again rather than started twice, so a hung database holds at most one thread
and one connection per process (until ``DATABASE_CONNECT_TIMEOUT`` or
``DATABASE_STATEMENT_TIMEOUT`` ends it), however often the load balancer asks.
"""

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

CHECK_TIMEOUT = 1.5  # seconds: load balancers commonly give a probe 2
log = logging.getLogger(__name__)


class _Attempt:
    """One run of one check, started at once in its own thread."""

    def __init__(self, name: str, check: Callable[[], bool | str]):
        self.finished = threading.Event()
        self.result: bool | str = False
        thread = threading.Thread(
            target=self._run, args=(name, check), name=f"readiness-{name}", daemon=True
        )
        thread.start()

    def _run(self, name: str, check: Callable[[], bool | str]) -> None:
        try:
            result = check()
            self.result = result if isinstance(result, str) else bool(result)
        except Exception:
            log.exception("Readiness: the %s check failed", name)
        finally:
            self.finished.set()

    def outcome_by(self, deadline: float) -> str:
        """``ok`` for a check that passed, ``unavailable`` for one that failed or is not
        done by ``deadline``; a check that answers with a word answers with it."""
        if not self.finished.wait(max(deadline - time.monotonic(), 0)):
            return "unavailable"
        if isinstance(self.result, str):
            return self.result
        return "ok" if self.result else "unavailable"


class Probe:
    """Runs named checks concurrently, each at most once at a time, within a deadline."""

    def __init__(self, timeout: float = CHECK_TIMEOUT):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._attempts: dict[str, _Attempt] = {}

    def run(
        self, checks: dict[str, Callable[[], bool | str]], deadline: float | None = None
    ) -> dict[str, str]:
        """``{name: "ok" | "unavailable" | the word a check answered}``, in the order of
        ``checks``, each waited for until ``deadline`` (``time.monotonic()``; by default
        ``timeout`` from now)."""
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        with self._lock:
            attempts = {}
            for name, check in checks.items():
                attempt = self._attempts.get(name)
                if attempt is None or attempt.finished.is_set():
                    attempt = self._attempts[name] = _Attempt(name, check)
                attempts[name] = attempt
        return {name: attempt.outcome_by(deadline) for name, attempt in attempts.items()}


def database_answers(engine: Engine) -> Callable[[], bool]:
    """A check that a connection from ``engine``'s pool runs ``SELECT 1``."""

    def check() -> bool:
        try:
            return _select_one(engine)
        except DBAPIError as exc:
            # A pooled connection the server dropped a moment ago (too recently for the
            # checkout's socket poll, see database.py) fails once and invalidates the
            # pool; the question is whether the database answers, so ask again at once.
            if not exc.connection_invalidated:
                raise
            return _select_one(engine)

    return check


def _select_one(engine: Engine) -> bool:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return True
