"""Health checks: alive, and ready to serve."""

from tests.socket_helpers import free_port


def test_healthz_answers_without_touching_the_database(client, queries):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert queries == []


def test_readyz_checks_database_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "storage": "ok"}


def test_readyz_is_503_when_the_database_is_down(more_instances):
    down = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/down"  # refuses connections
    response = more_instances(SQLALCHEMY_DATABASE_URI=down).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


def test_readyz_is_503_when_storage_is_unavailable(app, client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    from portfolio_admin.storage import LocalStorage

    app.extensions["storage"] = LocalStorage(str(blocker / "media"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["storage"] == "unavailable"


def test_readyz_reports_status_first(client):
    assert list(client.get("/readyz").json) == ["status", "database", "storage"]
