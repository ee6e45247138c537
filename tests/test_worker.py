"""``flask worker``: a real process carries out schedules on time (and those that came due
while no worker ran), two of them publish each draft exactly once, it sends the webhooks
that follow (again, with the same id, after a failure), SIGTERM stops it cleanly, and
``--check`` and ``/readyz`` tell whether one is alive."""

import contextlib
import io
import json
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from standardwebhooks import Webhook

from portfolio_admin.models import Portfolio, PortfolioRevision, PortfolioSchedule, WorkerHeartbeat
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import webhooks
from portfolio_admin.worker import Worker
from tests.api.test_schedules import drafted, publish_url, zulu
from tests.gunicorn_server import ROOT, server_environ
from tests.images import image_bytes
from tests.webhook_receiver import dead_receiver, receiver  # noqa: F401  (fixtures)

POLL = "0.3"  # seconds: WORKER_POLL_SECONDS of the workers these tests start


@contextlib.contextmanager
def running_worker(app, workdir: Path, name="worker", **settings: str):
    """``flask worker`` on the test's database, with ``settings``, until the block ends
    (then SIGTERM); yields the process once it has said it is alive."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{name}.log"
    environ = server_environ(
        FLASK_APP="wsgi",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MEDIA_ROOT=app.config["MEDIA_ROOT"],
        INSTANCE_PATH=str(workdir / "instance"),
        SECRET_KEY="test-secret-key",
        WORKER_POLL_SECONDS=POLL,
        **settings,
    )
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "worker"],
            cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(lambda: heartbeat(process.pid) is not None, 60, process, log)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def heartbeat(pid: int):
    db.session.rollback()  # a fresh look at what the other process committed
    return db.session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.pid == pid))


def wait_for(condition, timeout: float, process=None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}):\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail("timed out" + (f":\n{log.read_text()}" if log else ""))
        time.sleep(0.1)


def title(pk: int) -> str:
    db.session.rollback()
    return db.session.get(Portfolio, pk).title


def schedule_revisions(pk: int) -> int:
    stmt = select(PortfolioRevision).where(
        PortfolioRevision.portfolio_id == pk, PortfolioRevision.via == "schedule"
    )
    return len(db.session.scalars(stmt).all())


def test_a_running_worker_publishes_on_time_and_catches_up_on_what_came_due_while_down(
    app, client, admin, tmp_path
):
    missed, soon = drafted(client, admin, "Missed"), drafted(client, admin, "Soon")
    client.post(
        publish_url(missed), json={"at": zulu(utcnow() + timedelta(hours=1))}, headers=admin
    )
    stmt = update(PortfolioSchedule).where(PortfolioSchedule.portfolio_id == missed)
    db.session.execute(stmt.values(run_at=utcnow() - timedelta(hours=1)))  # due while down
    db.session.commit()

    with running_worker(app, tmp_path) as process:
        wait_for(lambda: title(missed) == "Missed day", 10, process)
        at = utcnow() + timedelta(seconds=2)
        response = client.post(publish_url(soon), json={"at": zulu(at)}, headers=admin)
        assert response.status_code == 202
        wait_for(lambda: title(soon) == "Soon day", 15, process)
    assert process.returncode == 0
    assert schedule_revisions(soon) == schedule_revisions(missed) == 1
    stmt = select(PortfolioRevision.created_at).where(
        PortfolioRevision.portfolio_id == soon, PortfolioRevision.via == "schedule"
    )
    published_at = db.session.scalar(stmt)
    assert at <= published_at < at + timedelta(seconds=5)


def test_a_running_worker_sends_the_publish_webhook_and_retries_it_with_the_same_id(
    app,
    client,
    admin,
    receiver,  # noqa: F811
    tmp_path,
):
    endpoint = webhooks.create_endpoint(receiver.url, ["portfolio.updated"])
    db.session.commit()
    receiver.answers = [503]  # the first attempt fails
    pk = drafted(client, admin, "Hooked")
    with running_worker(app, tmp_path) as process:
        at = zulu(utcnow() + timedelta(seconds=1))
        assert client.post(publish_url(pk), json={"at": at}, headers=admin).status_code == 202
        wait_for(lambda: len(receiver.received) >= 2, 30, process)
    first, second = receiver.received[:2]
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    Webhook(endpoint.secret).verify(second.body, second.headers)
    sent = json.loads(second.body)
    assert (sent["type"], sent["data"]["id"]) == ("portfolio.updated", pk)  # it was live


def test_a_dead_endpoint_holds_up_no_delivery_to_another_not_even_a_later_one(
    app,
    client,
    admin,
    receiver,  # noqa: F811
    dead_receiver,  # noqa: F811
    tmp_path,
):
    for hooked in (dead_receiver, receiver):  # the dead one first: its deliveries are older
        webhooks.create_endpoint(hooked.url, ["tag.created"])
    db.session.commit()
    with running_worker(app, tmp_path, WEBHOOK_TIMEOUT="10") as process:
        waits = []
        for name in ("first", "second"):  # the second while the dead one's first hangs
            started = time.monotonic()
            client.post("/api/portfolios/tags/", json={"name": name}, headers=admin)
            wait_for(lambda name=name: name in str(receiver.received), 10, process)
            waits.append(time.monotonic() - started)
        print("the healthy endpoint got each delivery after", [f"{w:.2f} s" for w in waits])
        assert max(waits) < 4  # the worker looks every 2 s
        assert len(dead_receiver.received) == 1  # one at a time per endpoint
    assert process.returncode == 0


def test_two_worker_processes_publish_each_draft_exactly_once(app, client, admin, tmp_path):
    ids = [drafted(client, admin, f"Site {n}") for n in range(10)]
    with (
        running_worker(app, tmp_path, "first") as first,
        running_worker(app, tmp_path, "second") as second,
    ):
        at = zulu(utcnow() + timedelta(seconds=1))  # due for both at once
        for pk in ids:
            assert client.post(publish_url(pk), json={"at": at}, headers=admin).status_code == 202
        wait_for(lambda: all(title(pk).endswith(" day") for pk in ids), 30, first)
        time.sleep(3 * float(POLL))  # a second publish, were there one, would show by now
        assert second.poll() is None
    assert (first.returncode, second.returncode) == (0, 0)
    logs = "".join((tmp_path / f"{name}.log").read_text() for name in ("first", "second"))
    assert logs.count("Carried out the publish schedule") == len(ids)
    assert "failed" not in logs
    db.session.rollback()
    assert [schedule_revisions(pk) for pk in ids] == [1] * len(ids)
    assert db.session.scalars(select(PortfolioSchedule)).all() == []


def test_a_running_worker_gives_uploaded_images_their_avif_copies(app, client, admin, tmp_path):
    form = {"f": (io.BytesIO(image_bytes("JPEG", (1200, 800))), "photo.jpg")}
    body = client.post("/api/media/", data=form, headers=admin).json
    assert [source["type"] for source in body["sources"]] == ["image/webp"]

    def types():
        sources = client.get(f"/api/media/{body['id']}", headers=admin).json["sources"]
        return [source["type"] for source in sources]

    with running_worker(app, tmp_path) as process:
        wait_for(lambda: types() == ["image/avif", "image/webp"], 30, process)
    assert "Made the AVIF copies of media file" in (tmp_path / "worker.log").read_text()


def test_sigterm_stops_the_worker_cleanly_and_check_says_whether_one_runs(
    app, runner, client, tmp_path
):
    assert runner.invoke(args=["worker", "--check"]).exit_code == 1
    with running_worker(app, tmp_path) as process:
        result = runner.invoke(args=["worker", "--check"])
        assert result.exit_code == 0, result.output
        assert client.get("/readyz").json["worker"] == "ok"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    assert "stopped" in (tmp_path / "worker.log").read_text()
    assert heartbeat(process.pid) is None
    assert runner.invoke(args=["worker", "--check"]).exit_code == 1


def test_a_stopping_worker_lets_its_running_job_finish_and_starts_none(app):
    started, release, runs = threading.Event(), threading.Event(), []

    def slow_job():
        started.set()
        release.wait(10)
        runs.append("finished")
        return 1

    worker = Worker(app, jobs=[("slow", slow_job, 0.05)])
    thread = threading.Thread(target=worker.run)
    thread.start()
    assert started.wait(10)
    worker.request_stop()
    time.sleep(0.3)
    assert thread.is_alive()  # waiting for the job
    release.set()
    thread.join(10)
    assert not thread.is_alive()
    assert runs == ["finished"]
    db.session.rollback()
    assert db.session.scalars(select(WorkerHeartbeat)).all() == []
