"""The storage interface, and the naming rule every backend shares."""

import functools
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import BinaryIO, NamedTuple, Protocol
from urllib.parse import quote

SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class StoredFile(NamedTuple):
    """One stored file, as ``walk()`` lists it."""

    path: str
    size: int
    modified: datetime  # timezone-aware


class Storage(Protocol):
    """What every storage backend offers. Failures raise ``OSError``."""

    def save(self, path: str, content: BinaryIO, *, sanitised: bool = False) -> str:
        """Store ``content`` at ``path``, or beside it under a new name if ``path`` is taken.

        Returns the path actually used; never overwrites another file. ``sanitised``: the
        content is an SVG made safe (``services/svg_images.py``), which a bucket may serve
        inline (``served_as``).
        """

    def open(self, path: str) -> BinaryIO:
        """The stored file, opened for binary reading (seekable)."""

    def delete(self, path: str) -> None:
        """Remove the file; a missing file is not an error."""

    def exists(self, path: str) -> bool:
        """Whether a file is stored at ``path``."""

    def url(self, path: str) -> str:
        """Where a browser fetches the file: absolute, or rooted at this site (``/media/...``)."""

    def walk(self) -> Iterator[StoredFile]:
        """Every stored file, with its size and modification time."""

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


def save_under_free_name(
    path: str, content: BinaryIO, create: Callable[[str, BinaryIO], bool]
) -> str:
    """Store ``content`` at ``path`` or, while names are taken, at ``alternative_name(path)``.

    ``create(candidate, content)`` writes only if ``candidate`` is free and says whether it did.
    """
    start = content.tell()
    candidate = path
    while not create(candidate, content):
        content.seek(start)
        candidate = alternative_name(path)
    return candidate
