"""Routes outside the API and the admin: media files and health checks."""

from flask import Blueprint, current_app, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound

from portfolio_admin.models.base import db
from portfolio_admin.storage import LocalStorage, get_storage

bp = Blueprint("site", __name__)


@bp.get("/media/<path:path>")
def media_file(path: str):
    """A stored file, for the local backend (a front web server can serve these instead)."""
    storage = get_storage()
    if not isinstance(storage, LocalStorage):
        raise NotFound()
    return send_from_directory(storage.root, path, max_age=3600)


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
