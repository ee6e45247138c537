"""Health checks for load balancers and orchestrators: alive, and ready to serve."""

import time

from flask import Blueprint, current_app

from portfolio_admin import worker
from portfolio_admin.models.base import db
from portfolio_admin.readiness import Probe, database_answers
from portfolio_admin.storage import get_storage

bp = Blueprint("health", __name__)
# What readiness needs; the rest is reported only.
REQUIRED = ("database", "storage")


@bp.get("/healthz")
def healthz():
    """Alive: answers without touching the database (for load balancers)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready to serve: the database answers and storage is reachable; 503 otherwise,
    in under 2 s whatever they do.

    ``worker`` says whether a background worker (``flask worker``) is running: ``ok``,
    ``stale`` (one ran but has been silent too long) or ``none`` (``unavailable`` when
    the database does not answer). It never makes this
    instance unready: pages and the API serve without it, and taking every web server
    out of the load balancer over a stopped worker would turn late schedules into an
    outage. Alert on it, or use ``flask worker --check`` where the worker runs."""
    app = current_app._get_current_object()
    probe = app.extensions.setdefault("readiness", Probe())
    deadline = time.monotonic() + probe.timeout
    checks = probe.run(
        {"database": database_answers(db.engine), "storage": get_storage().is_available},
        deadline,
    )
    # Asked only of a database that answered, so a hung one holds one connection, not two.
    worker_check = {"worker": worker.state_check(app)} if checks["database"] == "ok" else {}
    checks["worker"] = probe.run(worker_check, deadline).get("worker", "unavailable")
    ready = all(checks[name] == "ok" for name in REQUIRED)
    return {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503
