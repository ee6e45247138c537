"""``/readyz`` and the database timeouts when the database hangs, locks or drops
connections: an answer in bounded time, never a hung worker or a 500."""

import sqlite3
import threading
import time

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import ON_POSTGRES
from tests.gunicorn_server import gunicorn, server_environ
from tests.socket_helpers import silent_server

READY_WITHIN = 2.0


def timed(request) -> tuple[object, float]:
    """Run ``request()`` in a thread; its result (None if still running after 10 s) and
    how long it took. A thread left running ends when the test closes what it waits on."""
    result = []
    thread = threading.Thread(target=lambda: result.append(request()), daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(10)
    return (result[0] if result else None), time.monotonic() - started


def test_readyz_is_503_within_2_s_when_the_database_accepts_and_never_answers(more_instances):
    with silent_server() as port:
        hung = more_instances(
            SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{port}/hung"
        )
        client = hung.test_client()
        for _ in range(3):  # a check still waiting is not started again, nor waited out
            response, seconds = timed(lambda: client.get("/readyz"))
            assert response is not None and seconds < READY_WITHIN
            assert response.status_code == 503
            assert response.json == {"status": "unavailable", "database": "unavailable",
                                     "storage": "ok", "worker": "unavailable"}  # fmt: skip


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_terminate_backend is PostgreSQL's")
def test_readyz_and_reads_recover_at_once_from_terminated_connections(
    app, admin, database_uri, tmp_path
):
    environ = server_environ(DATABASE_URL=database_uri, SECRET_KEY="ready-" + "k" * 40)
    admin_engine = create_engine(database_uri)
    with gunicorn(environ, tmp_path / "server", "--workers", "1") as url:
        for _ in range(3):
            assert requests.get(url + "/api/portfolios/", headers=admin, timeout=10).ok
            with admin_engine.begin() as conn:
                terminated = conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND backend_type = 'client backend' AND application_name = ''"
                    )
                ).scalars()
                assert any(terminated)
            started = time.monotonic()
            ready = requests.get(url + "/readyz", timeout=10)
            assert (ready.status_code, time.monotonic() - started < READY_WITHIN) == (200, True)
            assert requests.get(url + "/api/portfolios/", headers=admin, timeout=10).ok
    admin_engine.dispose()


def _hold_write_lock(database_uri: str):
    """Take the lock every write needs (the content version) from another connection;
    returns a function that lets go."""
    if ON_POSTGRES:
        engine = create_engine(database_uri)
        conn = engine.connect()
        conn.execute(text("LOCK TABLE content_version IN ACCESS EXCLUSIVE MODE"))

        def release():
            conn.rollback()
            conn.close()
            engine.dispose()

        return release
    conn = sqlite3.connect(database_uri.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    return lambda: (conn.rollback(), conn.close())


def test_a_write_waiting_on_a_lock_gives_up_after_the_statement_timeout(
    more_instances, admin, database_uri
):
    impatient = more_instances(DATABASE_STATEMENT_TIMEOUT=1, PROPAGATE_EXCEPTIONS=False)
    impatient = impatient.test_client()
    release = _hold_write_lock(database_uri)
    try:
        response, seconds = timed(
            lambda: impatient.post("/api/portfolios/tags/", json={"name": "x"}, headers=admin)
        )
    finally:
        release()
    assert response is not None and seconds < 5
    assert response.status_code == 500
