"""Stored media files at ``/media/<key>``, served safely on the admin's own origin."""

from flask import Blueprint, redirect, send_from_directory
from werkzeug.exceptions import NotFound

from portfolio_admin.storage import LocalStorage, S3Storage, get_storage

bp = Blueprint("media_files", __name__)

# Uploaded files are served from the admin's own origin: whatever a file holds (an HTML
# page, an SVG with a script), it runs nothing and reaches nothing there.
MEDIA_POLICY = (
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
)
# A (sanitised) SVG may draw the raster images it carries as data: URLs, nothing more.
SVG_POLICY = MEDIA_POLICY.replace("img-src 'self'", "img-src 'self' data:")


@bp.get("/media/<path:path>")
def media_file(path: str):
    """A stored file: sent from the local folder (a front web server can serve these instead),
    or a redirect to the bucket's public or presigned URL."""
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        response = send_from_directory(storage.root, path, max_age=3600)
        svg = path.lower().endswith(".svg")
        if svg:
            response.mimetype = "image/svg+xml"
        response.headers["Content-Security-Policy"] = SVG_POLICY if svg else MEDIA_POLICY
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
