"""The app under gunicorn with the project's ``gunicorn.conf.py``, on a loopback port, for
tests that need a real server: slow clients, a media folder only the server sees read-only.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.socket_helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
# Settings a test passes explicitly; the developer's own are not inherited.
APP_SETTINGS = ("REDIS_", "MEDIA_", "STORAGE", "S3_", "FLASK_", "APP_ENV", "DATABASE_URL")


def server_environ(**settings: str) -> dict:
    """This process's environment without the app's settings, plus ``settings``."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(APP_SETTINGS)}
    return inherited | settings


def wait_until_healthy(url: str, process: subprocess.Popen, name: str, log: Path, *,
                       timeout: float) -> None:  # fmt: skip
    """Wait until ``url``'s ``/healthz`` answers 200; fail with ``log`` if ``process``
    exits or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{name} did not start:\n{log.read_text()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.05)


@contextlib.contextmanager
def gunicorn(environ: dict, workdir: Path, *options: str, prefix: tuple[str, ...] = ()):
    """Run ``gunicorn wsgi:app`` (``options`` after the config file's, ``prefix`` before
    the command) until the block ends; yields its base URL once ``/healthz`` answers."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "server.log"
    command = [*prefix, sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", *options, "wsgi:app"]  # fmt: skip
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            env=environ | {"INSTANCE_PATH": str(workdir / "instance")},
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, "gunicorn", log, timeout=60)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
