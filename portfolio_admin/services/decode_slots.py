"""How many large images one instance decodes at once (``IMAGE_DECODE_CONCURRENCY``).

An upload of a few hundred KB can decode to hundreds of MB; without a bound, a handful at
once exhaust the machine's memory. Each large decode takes a slot, and waits for one
when all are taken. A slot is an exclusive ``flock`` on one of N files in the instance
folder: gunicorn's worker processes and their threads share them, and a process that
dies mid-decode gives its slot back with its file descriptors.
"""

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

POLL_SECONDS = 0.05


class DecodeSlots:
    """``count`` slots in ``folder``; none (no limit) when ``count`` is 0."""

    def __init__(self, folder: Path, count: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.paths = [folder / f"slot-{n}.lock" for n in range(count)]

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for a free slot and hold it for the ``with`` block."""
        if not self.paths:
            yield
            return
        fd = self._take()
        try:
            yield
        finally:
            os.close(fd)  # which releases the lock

    def _take(self) -> int:
        while True:
            for path in self.paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                return fd
            time.sleep(POLL_SECONDS)


def decode_slot() -> contextlib.AbstractContextManager:
    """A slot of the current app's instance, to hold for one large decode."""
    slots = current_app.extensions.get("decode_slots")
    if slots is None:
        folder = Path(current_app.instance_path) / "decode-slots"
        slots = DecodeSlots(folder, current_app.config["IMAGE_DECODE_CONCURRENCY"])
        slots = current_app.extensions.setdefault("decode_slots", slots)
    return slots.hold()
