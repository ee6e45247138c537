"""Health checks for load balancers and orchestrators: alive, and ready to serve."""

from flask import Blueprint, current_app

from portfolio_admin.models.base import db
from portfolio_admin.readiness import Probe, database_answers
from portfolio_admin.storage import get_storage

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Alive: answers without touching the database (for load balancers)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready to serve: the database answers and storage is reachable; 503 otherwise,
    in under 2 s whatever they do."""
    probe = current_app.extensions.setdefault("readiness", Probe())
    checks = probe.run(
        {"database": database_answers(db.engine), "storage": get_storage().is_available}
    )
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503
