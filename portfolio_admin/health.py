"""Health checks for load balancers and orchestrators: alive, and ready to serve."""

from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Alive: answers without touching the database (for load balancers)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready to serve: the database answers and storage is reachable; 503 otherwise."""
    checks = {"database": "ok", "storage": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Readiness: the database does not answer")
        checks["database"] = "unavailable"
    finally:
        db.session.rollback()
    if not get_storage().is_available():
        checks["storage"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503
