"""How a stored file is served where the app cannot add headers (an S3 bucket or a CDN
serves it from its own origin): raster images inline with their exact type, which a
browser renders as an image and nothing else; an SVG the media service sanitised (no
script, handler, embedded document or reference to another file: nothing to run or
fetch even opened as a page) inline as ``image/svg+xml``; every other file as an
attachment, so a browser downloads it rather than render it as a page, and markup or
script as bytes. An SVG stored otherwise (a plain file from before SVG images were
sanitised, or copied by a backup or a storage migration, which cannot tell) stays an
attachment, which an ``<img>`` still shows.

Only files the media service decoded as images get these extensions: a file that only
claims to be an image is refused before it is stored.
"""

import mimetypes
from pathlib import PurePosixPath
from typing import NamedTuple

RASTER_IMAGES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "tiff": "image/tiff",
    "avif": "image/avif",  # thumbnails' copies (IMAGE_AVIF)
}
# Types a browser would run as a document if it ever rendered one.
ACTIVE_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
}
BYTES = "application/octet-stream"
SVG = "image/svg+xml"


class ServedAs(NamedTuple):
    content_type: str
    disposition: str | None  # None: inline


def served_as(path: str, *, sanitised: bool = False) -> ServedAs:
    """The ``Content-Type`` and ``Content-Disposition`` to store ``path`` with;
    ``sanitised``: it is an SVG the media service made safe."""
    extension = PurePosixPath(path).suffix.lstrip(".").lower()
    if extension in RASTER_IMAGES:
        return ServedAs(RASTER_IMAGES[extension], None)
    if extension == "svg" and sanitised:
        return ServedAs(SVG, None)
    guessed = mimetypes.guess_type(path, strict=False)[0] or BYTES
    return ServedAs(BYTES if guessed in ACTIVE_TYPES else guessed, "attachment")
