"""Routes outside the API and the admin: media files and health checks."""

from flask import Blueprint, send_from_directory
from werkzeug.exceptions import NotFound

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
    """Alive: answers without touching the database."""
    return {"status": "ok"}
