"""gunicorn settings for production: ``gunicorn wsgi:app`` from the repository root reads
this file. Override any setting on the command line or in ``GUNICORN_CMD_ARGS``, e.g.
``GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4"``. The app's own settings come
from the environment (``portfolio_admin/config.py``); see ``docs/deploy.md``.
"""

import logging
import multiprocessing
import os
import sys
import time

from gunicorn import glogging

bind = "127.0.0.1:8000"

# Sync workers, one request each, behind nginx (required: deploy/nginx/portfolio.conf),
# which takes slow clients on its own event loop and hands whole requests over. Measured
# with benchmarks/api.py (PostgreSQL, 2 workers each, 3 runs a figure), against gthread
# with 2 threads: gthread pinned wrk's keep-alive connections to one worker in some runs
# (the same figure 1,560 or 4,640 req/s), sync gave the same figure every run, an uncached
# page of 20 at 161 req/s instead of 84-94 and every p99 lower. Waiting on the database
# is covered by more processes than cores. Each worker holds at most two database
# connections (its transactions', and the access check's in autocommit), so one instance
# needs up to 2 × ``workers`` connections.
worker_class = "sync"
workers = multiprocessing.cpu_count() * 2 + 1
threads = 1

# Load the app once, before forking: a configuration error (see APP_ENV=production)
# stops the server at once with its message, instead of every worker failing to boot.
# Code changes therefore need a restart, not a HUP: roll instances one by one.
preload_app = True

timeout = 30  # a request (or a worker) taking this long is killed and replaced
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5  # for a worker class that keeps connections (sync closes after each)

# Bound what a request line and headers may cost; bodies are bounded by the app
# (MAX_CONTENT_LENGTH, from MAX_UPLOAD_MB).
limit_request_line = 4094
limit_request_fields = 64
limit_request_field_size = 8190

# Workers are recycled when they grow, not by request count: a restart empties the
# worker's response cache, and a count of 5000 did that every few seconds under load
# (cached reads halved). Image work returns its memory as it goes (allocator.py), so
# growth past this is a leak or fragmentation worth a fresh process.
max_requests = 0
WORKER_MAX_MEMORY_MB = int(os.environ.get("WORKER_MAX_MEMORY_MB") or 512)
# Reading /proc/self/statm costs the kernel a walk of the process's memory map: done
# after every request, it took 13% of a /healthz (py-spy). Once a second is as good.
MEMORY_CHECK_SECONDS = 1.0
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
_next_memory_check = 0.0  # per worker: the first request after a fork checks


def _resident_mb() -> float:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _PAGE_BYTES / 2**20


def post_request(worker, _req, _environ, _resp):
    """Finish this worker gracefully once it holds more than WORKER_MAX_MEMORY_MB."""
    global _next_memory_check
    now = time.monotonic()
    if now < _next_memory_check:
        return
    _next_memory_check = now + MEMORY_CHECK_SECONDS
    if worker.alive and _resident_mb() > WORKER_MAX_MEMORY_MB:
        worker.log.info(
            "Worker %s holds %.0f MB, over WORKER_MAX_MEMORY_MB=%s: recycling",
            worker.pid, _resident_mb(), WORKER_MAX_MEMORY_MB,
        )  # fmt: skip
        worker.alive = False


def worker_exit(_server, _worker):
    """End an exiting worker at once, with the status gunicorn gave it (3 for a boot
    error, which stops the master; 0 for a normal exit), after flushing the logs.

    The interpreter's own teardown ends in a full garbage collection over the heap the
    worker shares with the master: it writes to every object, so every page is copied
    first. That took 0.7 to 5 s per worker here, with the socket closed and nothing left
    to serve, and delayed every restart and every recycled worker's replacement."""
    exiting = sys.exc_info()[1]
    code = exiting.code if isinstance(exiting, SystemExit) else 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


# X-Forwarded-* are believed by the app only (PROXY_FIX_X_*), never by gunicorn itself.
forwarded_allow_ips = ""

# gunicorn 24+ opens a control socket at one path per user; instances sharing a host
# would take it from each other, and nothing here uses it.
control_socket_disable = True

if os.path.isdir("/dev/shm"):  # noqa: S108 -- heartbeat files off a possibly slow disk
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# The app logs one JSON line per request (portfolio_admin.requests, with the user and
# the request id) to stdout; everything else, gunicorn's own messages included, goes
# to stderr as JSON. gunicorn's access line says less (no user), so it is off; to
# have it too, set the "gunicorn.access" level below to INFO and it uses this format.
accesslog = None
access_log_format = (
    '{"remote_addr": "%(h)s", "request_id": "%({x-request-id}o)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
)
errorlog = "-"
loglevel = "info"


class Logger(glogging.Logger):
    """gunicorn's logger, but an access line is only worked out when gunicorn.access
    would write it: with ``logconfig_dict`` set, gunicorn builds every line and the
    logger then drops it (4% of a /healthz, py-spy)."""

    @property
    def access_log_enabled(self) -> bool:
        return self.access_log.isEnabledFor(logging.INFO) and super().access_log_enabled


logger_class = Logger
# No log line written here names its thread or process (the formatters below show neither),
# so records skip looking them up: 7.8 -> 3.6 µs to make the request line's record.
logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
logconfig_dict = {
    "formatters": {
        "json": {"()": "portfolio_admin.request_log.JsonFormatter"},
        "plain": {"format": "%(message)s"},
    },
    "handlers": {
        "requests": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        },
        "error_console": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "portfolio_admin.requests": {
            "level": "INFO",
            "handlers": ["requests"],
            "propagate": False,
        },
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
    },
}
