"""Files in a folder on this machine."""

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from portfolio_admin.storage.base import StoredFile, quoted, save_under_free_name


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

    def save(self, path: str, content: BinaryIO, *, sanitised: bool = False) -> str:
        # Served by media_files.py, which sends every SVG under its sandboxing policy.
        return save_under_free_name(path, content, self._create)

    def _create(self, path: str, content: BinaryIO) -> bool:
        full = self._full(path)
        full.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x" mode: two uploads racing for one name can never overwrite each other.
            with open(full, "xb") as out:
                shutil.copyfileobj(content, out, 1024 * 1024)
            return True
        except FileExistsError:
            return False
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

    def walk(self) -> Iterator[StoredFile]:
        if not self.root.is_dir():
            return
        for folder, _, files in os.walk(self.root):
            for name in files:
                full = Path(folder) / name
                stat = full.stat()
                yield StoredFile(
                    full.relative_to(self.root).as_posix(),
                    stat.st_size,
                    datetime.fromtimestamp(stat.st_mtime, UTC),
                )
