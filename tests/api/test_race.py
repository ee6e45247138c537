"""Many simultaneous creates with one name: one wins, the rest get a 400, never a 500."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from portfolio_admin.models import Employer
from portfolio_admin.models.base import db

CLIENTS = 12


def _post(url: str, key: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("resource", ["employers", "tags"])
def test_concurrent_creates_with_one_name_give_one_201_and_400s(live_server, admin_key, resource):
    url = f"{live_server}/api/portfolios/{resource}/"
    barrier = threading.Barrier(CLIENTS)
    results = []

    def create():
        barrier.wait()
        results.append(_post(url, admin_key, {"name": "همزمان"}))

    threads = [threading.Thread(target=create) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [400] * (CLIENTS - 1), results
    assert all(list(body) == ["name"] for status, body in results if status == 400)
    if resource == "employers":
        assert db.session.query(Employer).count() == 1


def test_a_lost_race_caught_by_the_database_constraint_is_still_400_on_the_field(
    client, admin, monkeypatch
):
    """When both requests pass the friendly check, the unique constraint decides."""
    from portfolio_admin.services import integrity

    monkeypatch.setattr(integrity, "find_duplicates", lambda *args, **kwargs: {})
    assert (
        client.post("/api/portfolios/tags/", json={"name": "x"}, headers=admin).status_code == 201
    )
    response = client.post("/api/portfolios/tags/", json={"name": "x"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"name": ["tag with this name already exists."]}
