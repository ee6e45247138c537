"""Routes outside the API and the admin: media files and health checks."""

from flask import Blueprint, current_app, redirect, send_from_directory
from werkzeug.exceptions import NotFound

from portfolio_admin.models.base import db
from portfolio_admin.readiness import Probe, database_answers
from portfolio_admin.storage import LocalStorage, S3Storage, get_storage

bp = Blueprint("site", __name__)

# Uploaded files are served from the admin's own origin: whatever a file holds (an HTML
# page, an SVG with a script), it runs nothing and reaches nothing there.
MEDIA_POLICY = (
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
)


@bp.get("/media/<path:path>")
def media_file(path: str):
    """A stored file: sent from the local folder (a front web server can serve these instead),
    or a redirect to the bucket's public or presigned URL."""
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        response = send_from_directory(storage.root, path, max_age=3600)
        response.headers["Content-Security-Policy"] = MEDIA_POLICY
        return response
    if isinstance(storage, S3Storage):
        try:
            response = redirect(storage.download_url(path))
        except ValueError:
            raise NotFound() from None
        # Browsers may reuse the redirect while the presigned URL it names is still valid.
        response.cache_control.private = True
        response.cache_control.max_age = storage.url_expires // 2
        return response
    raise NotFound()


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
