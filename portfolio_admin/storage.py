"""Where media files live. One small interface; a local folder backend today.

Paths are relative, forward-slashed keys such as ``core_media/2026/03/02/photo.png``.
An S3-compatible backend implements the same methods; no caller needs to change.
"""

import functools
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from flask import current_app

SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class Storage(Protocol):
    """What every storage backend offers."""

    def save(self, path: str, content: BinaryIO) -> str:
        """Store ``content`` at ``path``, or beside it under a new name if ``path`` is taken.

        Returns the path actually used; never overwrites another file.
        """

    def open(self, path: str) -> BinaryIO:
        """The stored file, opened for binary reading."""

    def delete(self, path: str) -> None:
        """Remove the file; a missing file is not an error."""

    def exists(self, path: str) -> bool:
        """Whether a file is stored at ``path``."""

    def url(self, path: str) -> str:
        """Where a browser fetches the file: absolute, or rooted at this site (``/media/...``)."""

    def walk(self) -> Iterator[str]:
        """Every stored path."""

    def is_available(self) -> bool:
        """Whether files can be stored and read now."""


@functools.lru_cache(maxsize=65536)
def quoted(path: str) -> str:
    """``path`` percent-encoded for a URL; cached, as API output quotes thousands of paths."""
    return quote(path)


def alternative_name(path: str) -> str:
    """``a/b/photo.png`` -> ``a/b/photo_ecH0zVV.png``, for a name that is taken."""
    stem, dot, ext = path.rpartition(".")
    if not stem or "/" in ext:
        stem, dot, ext = path, "", ""
    suffix = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(7))
    return f"{stem}_{suffix}{dot}{ext}"


class LocalStorage:
    """Files in a folder on this machine, served by the app (or a front web server) at a URL."""

    def __init__(self, root: str, base_url: str = "/media/"):
        self.root = Path(root)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"

    def _full(self, path: str) -> Path:
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root.resolve()):
            raise ValueError(f"Path outside the media root: {path!r}")
        return full

    def save(self, path: str, content: BinaryIO) -> str:
        candidate = path
        while True:
            full = self._full(candidate)
            full.parent.mkdir(parents=True, exist_ok=True)
            try:
                # "x" mode: two uploads racing for one name can never overwrite each other.
                with open(full, "xb") as out:
                    shutil.copyfileobj(content, out, 1024 * 1024)
                return candidate
            except FileExistsError:
                candidate = alternative_name(path)
            except BaseException:
                full.unlink(missing_ok=True)
                raise

    def open(self, path: str) -> BinaryIO:
        return open(self._full(path), "rb")

    def delete(self, path: str) -> None:
        self._full(path).unlink(missing_ok=True)

    def exists(self, path: str) -> bool:
        return self._full(path).is_file()

    def url(self, path: str) -> str:
        return self.base_url + quoted(path)

    def is_available(self) -> bool:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.root, os.R_OK | os.W_OK | os.X_OK)

    def walk(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder, _, files in os.walk(self.root):
            for name in files:
                yield (Path(folder) / name).relative_to(self.root).as_posix()


def create_storage(config: dict) -> Storage:
    """The backend the configuration names."""
    return LocalStorage(config["MEDIA_ROOT"], config.get("MEDIA_BASE_URL") or "/media/")


def get_storage() -> Storage:
    """The current app's storage backend."""
    return current_app.extensions["storage"]
