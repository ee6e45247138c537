"""Slow clients must not take every worker: anyone can open connections and send a body a
byte at a time. gunicorn's workers read bodies themselves, so the production setup
puts nginx in front (required, docs/deploy.md), configured by ``deploy/nginx/portfolio.conf``:
it takes whole requests on its own event loop before a worker sees them."""

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit

import requests

from tests.gunicorn_server import gunicorn, server_environ
from tests.nginx_server import nginx

SLOW_CLIENTS = 24
BYTE_EVERY = 0.5  # seconds
BODY = b"username=someone&password=" + b"x" * 1000


def _start_sending(url: str) -> socket.socket:
    """A sign-in form post (no session, no token) whose body has yet to come."""
    parts = urlsplit(url)
    conn = socket.create_connection((parts.hostname, parts.port), timeout=5)
    conn.sendall(
        b"POST /admin/login HTTP/1.1\r\n"
        + f"Host: {parts.netloc}\r\n".encode()
        + b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
    )
    return conn


def test_slow_clients_dribbling_bodies_do_not_freeze_the_instance(app, database_uri, tmp_path):
    environ = server_environ(DATABASE_URL=database_uri, SECRET_KEY="slow-" + "k" * 40)
    # The worker model (class, threads) is gunicorn.conf.py's. One process keeps the test
    # light on any machine, and certain: with more, one may accept every slow client
    # while another stays free.
    with (
        gunicorn(environ, tmp_path / "server", "--workers", "1") as instance,
        nginx(instance, tmp_path / "nginx") as url,
    ):
        slow = [_start_sending(url) for _ in range(SLOW_CLIENTS)]
        stop = threading.Event()

        def dribble():
            for position in range(len(BODY)):
                for conn in slow:
                    # A server may hang up on a slow client: that is a fine defence.
                    with contextlib.suppress(OSError):
                        conn.sendall(BODY[position : position + 1])
                if stop.wait(BYTE_EVERY):
                    return

        sender = threading.Thread(target=dribble, daemon=True)
        sender.start()
        try:
            time.sleep(1)  # the slow clients are in, a few bytes each
            try:
                answered = requests.get(url + "/healthz", timeout=2).status_code == 200
                form = requests.post(url + "/admin/login", data=BODY, timeout=2)
                # The sign-in form answered (the wrong password, without a CSRF token).
                answered = answered and form.status_code in (200, 400)
            except requests.Timeout:
                answered = False
        finally:
            stop.set()
            sender.join()
            for conn in slow:
                conn.close()
    assert answered, "/healthz did not answer within 2 s while slow clients were sending"
