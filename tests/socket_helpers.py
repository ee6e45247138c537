"""Ports for servers that tests start, and a server that never answers."""

import contextlib
import socket
from collections.abc import Iterator


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port on loopback that takes connections and never says a word, like a
    database that hangs; yields the port. The kernel completes each handshake into the
    listen queue, nothing reads it; closing the listener resets every connection."""
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        yield listener.getsockname()[1]
