"""Webhooks: every change to live data records its events in its own transaction, and
the worker's ``deliver_due`` sends them, signed (Standard Webhooks), retrying failures
with the same ``webhook-id``."""

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from standardwebhooks.webhooks import Webhook

from portfolio_admin.config import DEFAULT_RETRY_DELAYS
from portfolio_admin.models import Employer, PortfolioSchedule, WebhookDelivery
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import schedules, webhook_deliveries, webhooks
from portfolio_admin.services.webhook_events import EVENT_TYPES
from tests.factories import make_image, make_portfolio, make_tag
from tests.webhook_receiver import dead_receiver, receiver  # noqa: F401  (fixtures)

URL = "/api/portfolios/"


@pytest.fixture
def app(app):
    app.config["WEBHOOK_RETRY_DELAYS"] = (0, 0)  # retries due at once: three attempts
    app.config["WEBHOOK_TIMEOUT"] = 2
    return app


def endpoint_for(receiver, events=EVENT_TYPES, **kwargs):  # noqa: F811
    endpoint = webhooks.create_endpoint(receiver.url, events, **kwargs)
    db.session.commit()
    return endpoint


def recorded() -> list[tuple[str, dict]]:
    """``(type, data)`` of each delivery recorded, oldest first."""
    rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
    return [(row.event_type, json.loads(row.payload)["data"]) for row in rows]


def plain_signature_ok(secret: str, headers: dict, body: bytes) -> bool:
    """The check a receiver without the library makes."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(f"v1,{expected}", sig) for sig in headers["webhook-signature"].split()
    )


def test_saving_a_portfolio_records_one_event_that_arrives_signed(client, admin, receiver):  # noqa: F811
    portfolio = make_portfolio("Shop")
    endpoint = endpoint_for(receiver)
    cover, tag = make_image("cover"), make_tag("webs")
    db.session.query(WebhookDelivery).delete()
    db.session.commit()

    # Several fields, the cover and the tags: several flushes, one transaction, one event.
    body = {"title": "Shop 2", "excerpt": "new", "image": cover.id, "tags": [tag.id]}
    response = client.patch(f"{URL}{portfolio.id}", json=body, headers=admin)
    assert response.status_code == 200, response.json
    assert recorded() == [("portfolio.updated", {"id": portfolio.id, "slug": "shop"})]
    assert receiver.received == []  # nothing is sent from the request

    assert webhook_deliveries.deliver_due() == 1
    assert webhook_deliveries.deliver_due() == 0
    [got] = receiver.received
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert list(payload) == ["type", "timestamp", "data"]
    assert payload["type"] == "portfolio.updated"
    assert payload["data"] == {"id": portfolio.id, "slug": "shop"}
    assert payload["timestamp"].endswith("Z")
    assert plain_signature_ok(endpoint.secret, got.headers, got.body)
    assert not plain_signature_ok(webhooks.new_secret(), got.headers, got.body)
    assert got.headers["webhook-id"].startswith("msg_")
    assert got.headers["content-type"] == "application/json"
    delivery = db.session.scalar(select(WebhookDelivery))
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 204)


def test_a_save_that_changes_nothing_and_a_rolled_back_change_record_nothing(
    client,
    admin,
    receiver,  # noqa: F811
):
    make_portfolio("Other", slug="taken")
    portfolio = make_portfolio("Shop")
    endpoint_for(receiver)
    db.session.query(WebhookDelivery).delete()
    db.session.commit()

    same = client.patch(f"{URL}{portfolio.id}", json={"title": "Shop"}, headers=admin)
    assert same.status_code == 200
    refused = client.patch(
        f"{URL}{portfolio.id}", json={"title": "New", "slug": "taken"}, headers=admin
    )
    assert refused.status_code == 400
    portfolio.title = "Changed, flushed, rolled back"
    db.session.flush()
    db.session.rollback()
    assert recorded() == []
    assert webhook_deliveries.deliver_due() == 0


def test_creating_changing_and_deleting_each_kind_sends_its_events(client, admin, receiver):  # noqa: F811
    endpoint_for(receiver)
    employer = client.post(f"{URL}employers/", json={"name": "Acme"}, headers=admin).json
    tag = client.post(f"{URL}tags/", json={"name": "webs"}, headers=admin).json
    body = {"title": "Shop", "slug": "shop", "excerpt": "x", "tags": [tag["id"]]}
    portfolio = client.post(URL, json=body, headers=admin).json
    client.patch(f"{URL}employers/{employer['id']}", json={"name": "Acme 2"}, headers=admin)
    # Deleting the tag takes it off the portfolio too (the database does): both change.
    assert client.delete(f"{URL}tags/{tag['id']}", headers=admin).status_code == 204
    assert client.delete(f"{URL}{portfolio['id']}", headers=admin).status_code == 204
    assert recorded() == [
        ("employer.created", {"id": employer["id"], "name": "Acme"}),
        ("tag.created", {"id": tag["id"], "name": "webs"}),
        ("portfolio.created", {"id": portfolio["id"], "slug": "shop"}),
        ("employer.updated", {"id": employer["id"], "name": "Acme 2"}),
        ("portfolio.updated", {"id": portfolio["id"], "slug": "shop"}),
        ("tag.deleted", {"id": tag["id"], "name": "webs"}),
        ("portfolio.deleted", {"id": portfolio["id"], "slug": "shop"}),
    ]
    assert webhook_deliveries.deliver_due() == 7
    assert [json.loads(got.body)["type"] for got in receiver.received] == [
        kind for kind, _ in recorded()
    ]


def test_media_and_links_are_changes_to_live_data_too(client, admin, receiver):  # noqa: F811
    image = make_image("cover")
    portfolio = make_portfolio("Shop", image=image.id)
    endpoint_for(receiver, ["media.updated", "media.deleted", "portfolio.updated"])
    client.patch(f"/api/media/{image.id}", json={"name": "Cover"}, headers=admin)
    link = {"name": "Site", "url": "https://shop.example"}
    assert client.post(f"{URL}{portfolio.id}/links/", json=link, headers=admin).status_code == 201
    # The database clears the cover: the portfolio's output changes too.
    assert client.delete(f"/api/media/{image.id}", headers=admin).status_code == 204
    assert recorded() == [
        ("media.updated", {"id": image.id, "name": "Cover"}),
        ("portfolio.updated", {"id": portfolio.id, "slug": "shop"}),
        ("media.deleted", {"id": image.id, "name": "Cover"}),
        ("portfolio.updated", {"id": portfolio.id, "slug": "shop"}),
    ]


def test_without_an_active_endpoint_a_write_costs_one_small_query_more(
    client,
    admin,
    queries,
    receiver,  # noqa: F811
):
    portfolio = make_portfolio("Shop")
    endpoint_for(receiver, is_active=False)
    queries.clear()
    client.patch(f"{URL}{portfolio.id}", json={"title": "Shop 2"}, headers=admin)
    webhook_queries = [sql for sql in queries if "webhook" in sql]
    assert len(webhook_queries) == 1 and "webhook_endpoints" in webhook_queries[0]
    assert recorded() == []


def test_a_draft_sends_nothing_until_it_is_published(client, admin, receiver):  # noqa: F811
    endpoint_for(receiver)
    live = make_portfolio("Shop")
    db.session.query(WebhookDelivery).delete()
    db.session.commit()
    draft_body = {"title": "Launch", "slug": "launch", "excerpt": "soon"}
    new = client.post(f"{URL}drafts/", json=draft_body, headers=admin)
    assert new.status_code == 201, new.json
    links = [{"name": "Demo", "url": "https://demo.example"}]
    body = {"title": "Shop 2", "links": links, "meta": [{"key": "client"}]}
    saved = client.patch(f"{URL}{live.id}/draft/", json=body, headers=admin)
    assert saved.status_code == 200
    client.patch(f"{URL}{new.json['id']}/draft/", json={"excerpt": "sooner"}, headers=admin)
    assert recorded() == []

    assert client.post(f"{URL}{live.id}/draft/publish/", headers=admin).status_code == 200
    assert client.post(f"{URL}{new.json['id']}/draft/publish/", headers=admin).status_code == 200
    assert recorded() == [
        ("portfolio.updated", {"id": live.id, "slug": "shop"}),
        ("portfolio.published", {"id": new.json["id"], "slug": "launch"}),
    ]


def test_turning_is_active_off_and_on_is_unpublished_and_published(client, admin, receiver):  # noqa: F811
    portfolio = make_portfolio("Shop")
    endpoint_for(receiver)
    client.patch(f"{URL}{portfolio.id}", json={"is_active": False}, headers=admin)
    client.patch(f"{URL}{portfolio.id}", json={"is_active": True}, headers=admin)
    assert [kind for kind, _ in recorded()] == ["portfolio.unpublished", "portfolio.published"]


def test_scheduling_sends_nothing_and_the_worker_carrying_it_out_sends_the_change(
    client,
    admin,
    receiver,  # noqa: F811
):
    portfolio = make_portfolio("Shop")
    endpoint_for(receiver)
    db.session.query(WebhookDelivery).delete()
    db.session.commit()
    unpublish = f"{URL}{portfolio.id}/unpublish/"
    at = (utcnow() + timedelta(hours=1)).isoformat()
    assert client.post(unpublish, json={"at": at}, headers=admin).status_code == 202
    assert client.delete(f"{URL}{portfolio.id}/schedule", headers=admin).status_code == 204
    assert client.post(unpublish, json={"at": at}, headers=admin).status_code == 202
    assert recorded() == []
    db.session.execute(update(PortfolioSchedule).values(run_at=utcnow()))
    db.session.commit()
    assert schedules.run_due() == 1
    assert recorded() == [("portfolio.unpublished", {"id": portfolio.id, "slug": "shop"})]


def test_only_subscribed_active_endpoints_get_deliveries(client, admin, receiver):  # noqa: F811
    endpoint_for(receiver, ["tag.created"])
    endpoint_for(receiver, EVENT_TYPES, is_active=False)
    client.post(f"{URL}employers/", json={"name": "Acme"}, headers=admin)
    client.post(f"{URL}tags/", json={"name": "webs"}, headers=admin)
    assert [kind for kind, _ in recorded()] == ["tag.created"]


def test_a_receiver_that_fails_first_gets_a_retry_with_the_same_id(app, receiver):  # noqa: F811
    endpoint = endpoint_for(receiver)
    receiver.answers = [500]
    make_tag("webs")
    assert webhook_deliveries.deliver_due() == 2  # the failure, then its retry, due at once here
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    for got in (first, second):
        Webhook(endpoint.secret).verify(got.body, got.headers)
    delivery = db.session.scalar(select(WebhookDelivery))
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 204)


def test_the_first_retry_comes_within_5_seconds_and_the_last_after_about_a_day(
    app,
    receiver,  # noqa: F811
):
    delays = [float(delay) for delay in DEFAULT_RETRY_DELAYS.split(",")]
    app.config["WEBHOOK_RETRY_DELAYS"] = tuple(delays)
    assert delays[0] <= 5 and delays == sorted(delays)
    assert 20 <= sum(delays) / 3600 <= 30  # hours
    endpoint_for(receiver)
    receiver.answers = [503]
    make_tag("webs")
    before = utcnow()
    assert webhook_deliveries.deliver_due() == 1
    delivery = db.session.scalar(select(WebhookDelivery))
    db.session.refresh(delivery)
    assert delivery.status == "pending" and delivery.last_error == "HTTP 503"
    assert before < delivery.next_attempt_at <= utcnow() + timedelta(seconds=5)


@pytest.mark.parametrize("problem", ["500", "timeout", "refused"])
def test_a_delivery_is_marked_failed_after_its_last_attempt(app, receiver, problem):  # noqa: F811
    endpoint = endpoint_for(receiver)
    if problem == "500":
        receiver.answers = [500, 500, 500]
    elif problem == "timeout":
        app.config["WEBHOOK_TIMEOUT"] = 0.2
        receiver.delay = 0.6
    else:
        endpoint.url = "http://127.0.0.1:9/nothing-listens"
        db.session.commit()
    make_tag("webs")
    assert webhook_deliveries.deliver_due() == 3
    assert webhook_deliveries.deliver_due() == 0
    delivery = db.session.scalar(select(WebhookDelivery))
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert delivery.last_error
    assert delivery.last_status_code == (500 if problem == "500" else None)

    webhooks.resend(delivery)
    db.session.commit()
    receiver.answers, receiver.delay = [], 0
    endpoint.url = receiver.url
    db.session.commit()
    assert webhook_deliveries.deliver_due() == 1
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert receiver.received[-1].headers["webhook-id"] == delivery.message_id


def test_two_workers_never_send_the_same_attempt(app, more_instances, receiver):  # noqa: F811
    endpoint_for(receiver)
    for n in range(12):
        db.session.add(Employer(name=f"Employer {n}"))
    db.session.commit()
    assert db.session.query(WebhookDelivery).count() == 12
    receiver.delay = 0.02  # sends overlap
    counts = []

    def work(instance):
        with instance.app_context():
            counts.append(webhook_deliveries.deliver_due())
            db.session.remove()

    workers = [threading.Thread(target=work, args=(more_instances(),)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ids = [got.headers["webhook-id"] for got in receiver.received]
    assert sum(counts) == 12
    assert len(ids) == len(set(ids)) == 12


def test_a_dead_endpoint_does_not_hold_up_deliveries_to_the_others(
    app,
    receiver,  # noqa: F811
    dead_receiver,  # noqa: F811
):
    app.config["WEBHOOK_TIMEOUT"] = 10
    endpoint_for(dead_receiver)  # registered first: its delivery is the older one
    endpoint_for(receiver)
    make_tag("webs")
    started = time.monotonic()
    sending = threading.Thread(target=_deliver_due_in, args=(app,))
    sending.start()
    while not receiver.received and time.monotonic() - started < 15:
        time.sleep(0.01)
    waited = time.monotonic() - started
    sending.join()
    print(f"the healthy endpoint got its delivery after {waited:.2f} s")
    assert len(receiver.received) == 1
    assert waited < 2
    assert len(dead_receiver.received) == 1
    assert sorted(db.session.scalars(select(WebhookDelivery.status))) == ["delivered", "pending"]


def _deliver_due_in(app) -> None:
    with app.app_context():
        webhook_deliveries.deliver_due()
        db.session.remove()


def test_finished_deliveries_are_pruned_after_the_days_kept(app, receiver):  # noqa: F811
    endpoint_for(receiver)
    for name in ("old delivered", "old failed", "old pending", "new delivered"):
        make_tag(name)
    rows = {row.payload: row for row in db.session.scalars(select(WebhookDelivery))}
    by_name = {json.loads(payload)["data"]["name"]: row for payload, row in rows.items()}
    long_ago = utcnow() - timedelta(days=app.config["WEBHOOK_KEEP_DAYS"] + 1)
    for name, row in by_name.items():
        row.status = name.split()[1]
        if name.startswith("old"):
            row.created_at = long_ago
    db.session.commit()
    assert webhook_deliveries.prune_deliveries() == 2
    assert sorted(db.session.execute(select(WebhookDelivery.status)).scalars()) == [
        "delivered",
        "pending",
    ]
