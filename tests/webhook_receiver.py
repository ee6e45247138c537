"""A webhook receiver on a loopback port: it keeps what it is sent and answers as told."""

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """``answers``: status codes to give in turn (then 204); ``delay``: seconds to wait
    before answering (a slow endpoint)."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    delay: float = 0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        request = Request(environ)
        with self.lock:
            self.received.append(
                Received({k.lower(): v for k, v in request.headers.items()}, request.get_data())
            )
            status = self.answers.pop(0) if self.answers else 204
        if self.delay:
            time.sleep(self.delay)
        return Response(status=status)(environ, start_response)


@contextlib.contextmanager
def serving() -> Iterator[Receiver]:
    """A ``Receiver`` serving at ``receiver.url`` until the block ends."""
    found = Receiver()
    server = make_server("127.0.0.1", 0, found, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_port}/hooks"
    yield found
    server.shutdown()
    thread.join()


@pytest.fixture
def receiver():
    """A ``Receiver`` serving at ``receiver.url`` for the test."""
    with serving() as found:
        yield found


@pytest.fixture
def dead_receiver():
    """A second receiver that takes a minute to answer: dead, to a sender's timeout."""
    with serving() as found:
        found.delay = 60
        yield found
