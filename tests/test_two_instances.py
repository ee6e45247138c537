"""Two app instances, separate gunicorn processes on one database and one media store,
behave as one site: uploads, writes, sign-in throttling and sessions hold across them.

Runs on SQLite (one file, two processes) and on PostgreSQL (``DATABASE_URL``), with and
without Redis (``REDIS_URL``). The media store is a parameter: see ``shared_media``.
"""

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import requests
from sqlalchemy import select

from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
from tests.factories import make_tag, make_user
from tests.images import image_bytes
from tests.socket_helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "two-instances-" + "k" * 40  # the same on every instance, as in production


@dataclass
class Instance:
    """One running app instance: its base URL, process and request log."""

    url: str
    process: subprocess.Popen
    log: Path

    def log_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]


@pytest.fixture(params=[("local", False), ("s3", True)], ids=["folder", "s3 and redis"])
def shared(request, app):
    """The settings of what every instance shares: the media store (a folder, or a bucket
    on the loopback moto server) and the response cache (none, or Redis under a key
    prefix of this test's own). Each store and each cache is covered once."""
    media, with_redis = request.param
    if media == "s3":
        settings = dict(request.getfixturevalue("s3_bucket"))
    else:
        settings = {"MEDIA_ROOT": app.config["MEDIA_ROOT"]}
    if with_redis:
        url, prefix = request.getfixturevalue("redis_url")
        settings |= {"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix}
    return settings


def _start(environ: dict, workdir: Path) -> Instance:
    port = free_port()
    workdir.mkdir()
    log = workdir / "requests.log"
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"]  # fmt: skip
    with open(log, "wb") as stdout, open(workdir / "server.log", "wb") as stderr:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=stdout, stderr=stderr,
            env=environ | {"INSTANCE_PATH": str(workdir / "instance")},
        )  # fmt: skip
    return Instance(f"http://127.0.0.1:{port}", process, log)


def _wait_until_ready(instance: Instance, workdir: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            pytest.fail(f"the instance exited:\n{(workdir / 'server.log').read_text()}")
        try:
            if requests.get(instance.url + "/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the instance did not get ready:\n{(workdir / 'server.log').read_text()}")


def _environ(database_uri: str, settings: dict) -> dict:
    """A production instance's environment: this process's, without storage or cache
    settings of its own, plus ``settings``."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("REDIS_", "MEDIA_", "STORAGE", "S3_", "FLASK_"))
    } | {
        "APP_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "SESSION_COOKIE_SECURE": "false",  # plain HTTP on loopback
        "REQUIRE_2FA_FOR": "none",  # signed in with a password alone, as in tests/conftest.py
        "DATABASE_URL": database_uri,
        **settings,
    }


def _running(environ: dict, tmp_path: Path):
    """Two instances (2 workers each) with ``environ``, each with an instance folder of
    its own; yields them while they run."""
    started = [_start(environ, tmp_path / name) for name in ("a", "b")]
    try:
        for instance, name in zip(started, "ab", strict=True):
            _wait_until_ready(instance, tmp_path / name)
        yield started
    finally:
        for instance in started:
            instance.process.terminate()
        for instance in started:
            try:
                instance.process.wait(30)
            except subprocess.TimeoutExpired:
                instance.process.kill()
                instance.process.wait()


@pytest.fixture
def instances(app, database_uri, shared, tmp_path):
    """Two production-mode instances on the test's database, sharing only the settings."""
    yield from _running(_environ(database_uri, shared), tmp_path)


def _served_by(instance: Instance, file_url: str) -> str:
    """``file_url`` as fetched through ``instance`` when the app serves it (``/media/``);
    unchanged when it lives elsewhere (object storage, a CDN)."""
    parts = urlsplit(file_url)
    if not parts.netloc or parts.netloc.startswith("127.0.0.1:"):
        return instance.url + parts.path
    return file_url


def test_an_upload_through_one_instance_is_served_by_the_other(instances, admin):
    a, b = instances
    content = image_bytes("PNG", (800, 600))
    created = requests.post(
        a.url + "/api/media/", files={"f": ("photo.png", content)}, headers=admin, timeout=30
    )
    assert created.status_code == 201, created.text
    media = created.json()
    seen_on_b = requests.get(b.url + f"/api/media/{media['id']}", headers=admin).json()
    assert (seen_on_b["name"], seen_on_b["size"]) == (media["name"], media["size"])
    original = requests.get(_served_by(b, media["f"]), timeout=10)
    assert (original.status_code, original.content) == (200, content)
    for thumbnail in media["thumbnails"]:
        assert requests.get(_served_by(b, thumbnail["f"]), timeout=10).status_code == 200


def test_a_write_through_one_instance_is_seen_by_the_next_read_through_the_other(
    instances, admin, shared
):
    a, b = instances
    url = f"/api/portfolios/tags/{make_tag('old').id}"
    first = requests.get(b.url + url, headers=admin)
    etag = first.headers["ETag"]
    assert first.json()["name"] == "old"
    unchanged = requests.get(b.url + url, headers=admin | {"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["X-Request-ID"]
    assert requests.get(a.url + url, headers=admin).json()["name"] == "old"  # cached on a too

    assert requests.patch(a.url + url, json={"name": "new"}, headers=admin).status_code == 200

    changed = requests.get(b.url + url, headers=admin | {"If-None-Match": etag})
    assert (changed.status_code, changed.json()["name"]) == (200, "new")
    assert changed.headers["ETag"] != etag
    assert requests.get(b.url + url, headers=admin).json()["name"] == "new"
    listing = requests.get(a.url + "/api/portfolios/tags/", headers=admin).json()
    assert [tag["name"] for tag in listing["results"]] == ["new"]
    if "REDIS_URL" in shared:
        cache = redis.Redis.from_url(shared["REDIS_URL"])
        assert list(cache.scan_iter(match=f"{shared['REDIS_KEY_PREFIX']}response:*"))


def _token_in(page: str) -> str:
    """The CSRF token of a form (the login page) or of a page's meta tag (the others)."""
    pattern = r'(?:name="csrf_token" type="hidden" value|name="csrf-token" content)="([^"]+)"'
    return re.search(pattern, page).group(1)


def _sign_in(instance: Instance, password: str, browser: requests.Session | None = None):
    """Sign in as ``boss`` through the real form, with its CSRF token."""
    browser = browser or requests.Session()
    token = _token_in(browser.get(instance.url + "/admin/login").text)
    data = {"username": "boss", "password": password, "csrf_token": token}
    return browser.post(instance.url + "/admin/login", data=data, allow_redirects=False)


def test_sign_in_failures_split_across_instances_lock_the_account_at_the_limit(instances, app):
    make_user("boss", is_admin=True)
    limit = app.config["LOGIN_FAILURES_PER_ACCOUNT"]
    for attempt in range(limit):
        response = _sign_in(instances[attempt % 2], "wrong")
        assert response.status_code == 200, f"attempt {attempt + 1} was refused early"
    for instance in instances:
        assert _sign_in(instance, "secret-pass").status_code == 429


def test_a_session_made_on_one_instance_is_valid_on_the_other(instances):
    a, b = instances
    make_user("boss", is_admin=True)
    on_a = requests.Session()
    assert _sign_in(a, "secret-pass", on_a).status_code == 302
    token_from_a = _token_in(on_a.get(a.url + "/admin/").text)

    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    dashboard = on_b.get(b.url + "/admin/", headers={"X-Request-ID": "session-on-b"})
    assert dashboard.status_code == 200 and "Dashboard" in dashboard.text
    refused = on_b.post(b.url + "/admin/tags/new", data={"name": "nope"}, allow_redirects=False)
    assert refused.status_code == 400  # CSRF is on
    created = on_b.post(
        b.url + "/admin/tags/new",
        data={"name": "made on b", "csrf_token": token_from_a},
        allow_redirects=False,
    )
    assert created.status_code == 302, created.text
    assert db.session.scalar(select(Tag.name).where(Tag.name == "made on b")) == "made on b"
    logged = next(e for e in b.log_lines() if e["request_id"] == "session-on-b")
    assert (logged["path"], logged["status"], logged["username"]) == ("/admin/", 200, "boss")


@pytest.fixture
def rate_limited_instances(app, database_uri, redis_url, tmp_path):
    """Two instances counting API calls in one Redis, with a small read limit."""
    url, prefix = redis_url
    settings = {
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "REDIS_URL": url,
        "REDIS_KEY_PREFIX": prefix,
        "API_RATE_LIMIT_READ": "6 per minute",
    }
    yield from _running(_environ(database_uri, settings), tmp_path)


def test_rate_limits_are_counted_across_instances_in_redis(rate_limited_instances, admin):
    a, b = rate_limited_instances
    url = "/api/portfolios/tags/"
    answers = [requests.get(server.url + url, headers=admin, timeout=10) for server in (a, b) * 3]
    assert [answer.status_code for answer in answers] == [200] * 6
    for server in (a, b):
        refused = requests.get(server.url + url, headers=admin, timeout=10)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
