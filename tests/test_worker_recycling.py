"""Workers are recycled by memory, not by request count, so the response cache lives on."""

import requests

from tests.gunicorn_server import gunicorn, server_environ

RECYCLING = "over WORKER_MAX_MEMORY_MB"


def _serve(database_uri, tmp_path, requests_made: int, **settings) -> str:
    environ = server_environ(
        DATABASE_URL=database_uri, SECRET_KEY="recycle-" + "k" * 40, **settings
    )
    with gunicorn(environ, tmp_path / "server", "--workers", "1") as url:
        for _ in range(requests_made):
            assert requests.get(url + "/healthz", timeout=10).status_code == 200
    return (tmp_path / "server" / "server.log").read_text()


def test_a_worker_over_its_memory_limit_is_recycled_without_failing_a_request(
    app, database_uri, tmp_path
):
    log = _serve(database_uri, tmp_path, 4, WORKER_MAX_MEMORY_MB="1")
    assert RECYCLING in log
    assert log.count("Booting worker") >= 3


def test_workers_within_their_memory_live_on_however_many_requests(app, database_uri, tmp_path):
    log = _serve(database_uri, tmp_path, 300)
    assert RECYCLING not in log
    assert log.count("Booting worker") == 1
