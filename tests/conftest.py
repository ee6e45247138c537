"""Fixtures: an app on its own fresh database and media folder for every test.

SQLite (the default): the schema is migrated once into a template file that each test
copies. PostgreSQL (``DATABASE_URL`` set): the schema is migrated once, and every test
starts from emptied tables.
"""

import os
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from flask import g
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from werkzeug.serving import make_server

from portfolio_admin import create_app
from portfolio_admin.database import engines_of
from portfolio_admin.models.base import db
from tests import s3
from tests.factories import auth_header, make_token, make_user
from tests.socket_helpers import free_port

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith("postgresql")


def _app(database_uri: str, media_root, **extra):
    config = {
        "INSTANCE_PATH": str(media_root.parent / "instance"),
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "MEDIA_ROOT": str(media_root),
        # A cheap hash keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Every test's database starts at content version 0 again, so a Redis cache
        # kept from another test would answer with its bodies: tests opt in.
        "REDIS_URL": None,
        # Tests send many calls with one token; tests of the limits turn them on.
        "RATELIMIT_ENABLED": False,
        # Tests sign in with a password alone; the two-factor tests require a second factor.
        "REQUIRE_2FA_FOR": "none",
    }
    return create_app(config | extra)


def _migrate(database_uri: str, tmp) -> None:
    app = _app(database_uri, tmp / "media")
    with app.app_context():
        upgrade()
        # Without the migration's default roles, as on PostgreSQL, whose tables are
        # emptied before every test: a test makes the roles it needs.
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM roles"))
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """The migrated, empty database each test starts from."""
    tmp = tmp_path_factory.mktemp("db")
    if ON_POSTGRES:
        engine = create_engine(DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        _migrate(DATABASE_URL, tmp)
        return DATABASE_URL
    template = tmp / "template.sqlite3"
    _migrate(f"sqlite:///{template}", tmp)
    return template


def _empty_postgres_tables() -> None:
    """DELETE, children first, and restart the sequences: a test leaves a few rows, and
    TRUNCATE's fixed cost per table (a new file for each) made it 40 ms against 2.5."""
    with db.engine.begin() as conn:
        sequences = conn.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        ).scalars()
        statements = [f"DELETE FROM {t.name}" for t in reversed(db.metadata.sorted_tables)]
        statements += [f"ALTER SEQUENCE {name} RESTART" for name in sequences]
        statements.append("INSERT INTO content_version (id, version) VALUES (1, 0)")
        conn.exec_driver_sql("; ".join(statements))


@pytest.fixture
def database_uri(database_template, tmp_path):
    """A fresh database for one test."""
    if ON_POSTGRES:
        return DATABASE_URL
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint of an S3 protocol server (moto) on loopback, started once per session."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in s3.DUMMY_AWS_ENV.items():
            patch.setenv(name, value)
        process, endpoint = s3.start_server()
        yield endpoint
        s3.stop_server(process)


@pytest.fixture
def s3_bucket(s3_server):
    """Settings that store media in a bucket of this test's own, removed afterwards."""
    bucket = s3.create_bucket(s3_server)
    yield s3.settings(s3_server, bucket)
    s3.remove_bucket(s3_server, bucket)


@pytest.fixture
def storage_config(request):
    """Settings choosing the app's storage: local, or S3 when parametrized with ``"s3"``
    (``@tests.s3.BOTH_BACKENDS`` runs a test on each)."""
    if getattr(request, "param", "local") == "s3":
        return request.getfixturevalue("s3_bucket")
    return {}


@pytest.fixture
def app(database_uri, tmp_path, storage_config):
    app = _app(database_uri, tmp_path / "media", **storage_config)

    # The test's app context outlives each request made in it; a real request's actor
    # ends with it.
    @app.teardown_request
    def forget_actor(_exc):
        g.pop("activity_actor", None)

    with app.app_context():
        if ON_POSTGRES:
            _empty_postgres_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def more_instances(app, database_uri, storage_config):
    """Makes more apps on the test's database and storage, as other workers or machines
    would be (``more_instances(**settings)``); their engines are closed afterwards."""
    made = []

    def make(**config):
        media_root = Path(app.config["MEDIA_ROOT"])
        other = _app(database_uri, media_root, **storage_config, **config)
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def admin_key(app):
    """A token key of an admin, who may do everything."""
    return make_token(make_user("root", is_admin=True))


@pytest.fixture
def admin(admin_key):
    """Authorization headers of an admin."""
    return auth_header(admin_key)


@pytest.fixture
def live_server(app):
    """The app on a loopback port (threaded, like a real server), on the test's database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def uncached(app):
    """The app with its response cache off, so every read builds its output."""
    app.extensions.pop("response_cache", None)
    return app


@pytest.fixture
def queries(app):
    """The SQL statements run while the test runs (``queries.clear()`` to restart), on
    the app's engine and on its reads engine."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engines = engines_of(app, db.engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    yield statements
    for engine in engines:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A Redis server of the suite's own (Debian's ``redis-server``, which ``make test``
    installs) on a free loopback port, keeping nothing on disk; yields its URL.
    ``TEST_REDIS_URL`` names one to use instead."""
    if url := os.environ.get("TEST_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing (apt-get install -y redis-server)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    _wait_for_redis(url, process)
    yield url
    process.terminate()
    process.wait(10)


def _wait_for_redis(url: str, process: subprocess.Popen) -> None:
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            return client.close()
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)


@pytest.fixture
def redis_url(redis_server):
    """The suite's Redis, for one test, under a key prefix of its own, emptied
    afterwards; yields ``(url, prefix)``."""
    import redis

    client = redis.Redis.from_url(redis_server)
    prefix = f"test-{uuid.uuid4().hex}:"
    yield redis_server, prefix
    for name in client.scan_iter(match=f"{prefix}*"):
        client.delete(name)
    client.close()
