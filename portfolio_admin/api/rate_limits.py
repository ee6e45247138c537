"""API rate limits: per token, reads and writes each with their own limit, and per address
for calls that fail to authenticate.

A caller over a limit gets 429 in DRF's throttle shape with ``Retry-After`` and the
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds) headers of
the IETF draft. Counts live in this process's memory, or in Redis when ``REDIS_URL`` is
set, so that every instance shares them. The limits are settings (``API_RATE_LIMIT_*``).

The counting is the ``limits`` library's (the engine of Flask-Limiter, same maintainers):
a fixed window, one counter increment per call. Flask-Limiter's own per-request
machinery (callable limits parsed on every call, two decorators' evaluations, header
lookups) cost about as much CPU as a whole cached read, so the limits are parsed once per
app and hit directly where the caller is known, after authentication: a token's calls
count against the token, whichever key format or address it comes from.

If the counter store fails (Redis down), calls are let through and the failure is logged:
the limits protect the API, they must not take it down.
"""

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from portfolio_admin.json_responses import ApiError


@dataclass(frozen=True)
class RateLimits:
    """One app's limits and where they are counted."""

    strategy: FixedWindowRateLimiter
    read: RateLimitItem
    write: RateLimitItem
    failed_auth: RateLimitItem

    def _hit(self, item: RateLimitItem, *key: str) -> None:
        try:
            allowed = self.strategy.hit(item, *key)
        except Exception:  # noqa: BLE001 -- any store failure: let the call through
            current_app.logger.warning("Rate limit store failed; call not counted", exc_info=True)
            return
        if not allowed:
            raise self._too_many(item, *key)

    def _too_many(self, item: RateLimitItem, *key: str) -> ApiError:
        reset_at, remaining = self.strategy.get_window_stats(item, *key)
        seconds = min(item.get_expiry(), max(1, math.ceil(reset_at - time.time())))
        return ApiError(
            429,
            f"Request was throttled. Expected available in {seconds} seconds.",
            {
                "Retry-After": str(seconds),
                "RateLimit-Limit": str(item.amount),
                "RateLimit-Remaining": str(max(0, remaining)),
                "RateLimit-Reset": str(seconds),
            },
        )

    def count_call(self, token_id: int, *, write: bool) -> None:
        """Count a call by an authenticated token; ``ApiError`` 429 when over its limit."""
        self._hit(self.write if write else self.read, "write" if write else "read", str(token_id))

    def refuse_failing_address(self) -> None:
        """429 before any work when this address has failed to authenticate too often."""
        address = request.remote_addr or ""
        try:
            exhausted = not self.strategy.test(self.failed_auth, "failed-auth", address)
        except Exception:  # noqa: BLE001 -- as in ``_hit``
            return
        if exhausted:
            raise self._too_many(self.failed_auth, "failed-auth", address)

    def count_failure(self) -> None:
        """Count a failed authentication of this address (429 once over the limit)."""
        self._hit(self.failed_auth, "failed-auth", request.remote_addr or "")


def current() -> RateLimits | None:
    """This app's limits, or ``None`` when they are off."""
    return current_app.extensions.get("rate_limits")


class SweptMemoryStorage(MemoryStorage):
    """``limits``' memory store, with counters of ended windows swept by the counting.

    ``MemoryStorage.incr`` starts a timer thread to expire counters 10 ms later whenever
    the last such thread has finished: under steady traffic, a new thread every few
    requests, and starting one took most of a cached read's time on a busy machine.
    Here a count drops its own ended window first (as ``get`` always did), and every
    ``SWEEP_EVERY`` counts drop the ended windows of callers that have gone quiet, so
    memory stays bounded by the callers of the last window.
    """

    STORAGE_SCHEME = ["swept-memory"]  # its own name: "memory" stays limits' class
    SWEEP_EVERY = 1000

    def __init__(self, uri: str | None = None, **options):
        super().__init__(uri, **options)
        self._counts = 0

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self.get(key)  # a window that has ended starts again from 0
        with self.locks[key]:
            self.storage[key] += amount
            if self.storage[key] == amount:
                self.expirations[key] = time.time() + expiry
            count = self.storage[key]
        self._counts += 1
        if self._counts >= self.SWEEP_EVERY:
            self._counts = 0
            self.sweep()
        return count

    def sweep(self) -> None:
        """Drop every counter whose window has ended."""
        now = time.time()
        for key, expires in list(self.expirations.items()):
            if expires <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)


def _store(app: Flask) -> Storage:
    if url := app.config.get("REDIS_URL"):
        prefix = app.config.get("REDIS_KEY_PREFIX", "") + "ratelimit"
        return storage_from_string(url, key_prefix=prefix)
    return SweptMemoryStorage()


def register(app: Flask) -> None:
    """Parse the limits once and choose the store: Redis with ``REDIS_URL``, else memory."""
    if not app.config["RATELIMIT_ENABLED"]:
        app.extensions.pop("rate_limits", None)
        return
    app.extensions["rate_limits"] = RateLimits(
        strategy=FixedWindowRateLimiter(_store(app)),
        read=parse(app.config["API_RATE_LIMIT_READ"]),
        write=parse(app.config["API_RATE_LIMIT_WRITE"]),
        failed_auth=parse(app.config["API_RATE_LIMIT_FAILED_AUTH"]),
    )
