"""Where media files live: one small interface, a local folder or an S3-compatible bucket.

Paths are relative, forward-slashed keys such as ``core_media/2026/03/02/photo.png``, the
same on every backend, so files move between backends without touching a row.
"""

from flask import current_app

from portfolio_admin.storage.base import Storage, StoredFile
from portfolio_admin.storage.local import LocalStorage
from portfolio_admin.storage.s3 import S3Storage

BACKENDS = ("local", "s3")

__all__ = [
    "BACKENDS",
    "LocalStorage",
    "S3Storage",
    "Storage",
    "StoredFile",
    "create_storage",
    "get_storage",
]


def create_storage(config: dict, backend: str | None = None) -> Storage:
    """The backend ``backend`` names (default: the ``STORAGE`` setting), built from ``config``."""
    backend = backend or config["STORAGE"]
    if backend == "local":
        return LocalStorage(config["MEDIA_ROOT"], config.get("MEDIA_BASE_URL") or "/media/")
    if backend == "s3":
        return S3Storage.from_config(config)
    raise ValueError(f"Unknown storage backend {backend!r}; use one of {', '.join(BACKENDS)}.")


def get_storage() -> Storage:
    """The current app's storage backend."""
    return current_app.extensions["storage"]
