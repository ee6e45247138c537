"""Health checks: alive, and ready to serve."""

from datetime import timedelta

from sqlalchemy import update

from portfolio_admin.models import WorkerHeartbeat
from portfolio_admin.models.base import db, utcnow
from tests.socket_helpers import free_port


def test_healthz_answers_without_touching_the_database(client, queries):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert queries == []


def test_readyz_checks_database_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "storage": "ok", "worker": "none"}


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
    assert list(client.get("/readyz").json) == ["status", "database", "storage", "worker"]


def test_readyz_reports_the_worker_but_stays_ready_without_one(app, client):
    assert client.get("/readyz").json["worker"] == "none"
    now = utcnow()
    db.session.add(WorkerHeartbeat(name="box:1", host="box", pid=1, started_at=now, beat_at=now))
    db.session.commit()
    assert client.get("/readyz").json["worker"] == "ok"
    stale = now - timedelta(seconds=app.config["WORKER_STALE_SECONDS"] + 1)
    db.session.execute(update(WorkerHeartbeat).values(beat_at=stale))
    db.session.commit()
    response = client.get("/readyz")
    assert (response.status_code, response.json["status"]) == (200, "ok")
    assert response.json["worker"] == "stale"
