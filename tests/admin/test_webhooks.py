"""Webhooks in the admin, for administrators only: register an endpoint (its secret
shown once), change it, follow the deliveries and resend one; and the same commands."""

import re

from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.base import db
from portfolio_admin.services import webhooks
from tests.admin.conftest import signed_in_staff
from tests.factories import make_tag

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}


def secret_on(page: str) -> str:
    return re.search(r'id="webhook-secret" value="([^"]+)"', page).group(1)


def test_an_endpoint_is_registered_with_a_secret_shown_once(client, boss):
    data = {"url": "https://studio.example/hooks", "events": ["portfolio.updated", "tag.created"]}
    response = client.post("/admin/webhooks/new", data=data | {"is_active": "y"})
    assert response.status_code == 200, response.text
    assert "no-store" in response.headers["Cache-Control"]
    secret = secret_on(response.text)
    assert secret.startswith("whsec_")
    Webhook(secret)  # a secret the library accepts

    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert (endpoint.url, endpoint.events, endpoint.is_active) == (
        "https://studio.example/hooks",
        ["portfolio.updated", "tag.created"],
        True,
    )
    listing = client.get("/admin/webhooks/")
    assert listing.status_code == 200
    assert "https://studio.example/hooks" in listing.text and secret not in listing.text
    edit = client.get(f"/admin/webhooks/{endpoint.id}/")
    assert edit.status_code == 200 and secret not in edit.text

    changed = client.post(
        f"/admin/webhooks/{endpoint.id}/",
        data={"url": "https://studio.example/v2", "events": ["tag.deleted"]},
    )
    assert changed.status_code == 302
    db.session.refresh(endpoint)
    assert (endpoint.url, endpoint.events, endpoint.is_active, endpoint.secret) == (
        "https://studio.example/v2",
        ["tag.deleted"],
        False,
        secret,
    )


def test_a_bad_url_or_no_events_is_refused_beside_the_field(client, boss):
    for url in ("", "ftp://studio.example/x", "studio.example/hooks", "http://:80/x"):
        response = client.post("/admin/webhooks/new", data={"url": url, "events": ["tag.created"]})
        assert response.status_code == 400, url
        assert 'id="url-errors"' in response.text
    response = client.post("/admin/webhooks/new", data={"url": "https://x.example/"})
    assert response.status_code == 400 and "Choose at least one event." in response.text
    unknown = client.post(
        "/admin/webhooks/new", data={"url": "https://x.example/", "events": ["user.created"]}
    )
    assert unknown.status_code == 400 and "Unknown event user.created." in unknown.text
    assert db.session.query(WebhookEndpoint).count() == 0


def test_deliveries_are_listed_and_one_can_be_resent(client, boss):
    endpoint = webhooks.create_endpoint("http://127.0.0.1:9/x", ["tag.created"])
    db.session.commit()
    make_tag("webs")
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    delivery.status, delivery.attempts, delivery.last_status_code = "failed", 8, 502
    delivery.next_attempt_at = None
    db.session.commit()

    page = client.get("/admin/webhooks/")
    assert "tag.created" in page.text and "Failed" in page.text and "502" in page.text
    assert delivery.message_id in page.text
    persian = client.get("/admin/webhooks/", headers=PERSIAN)
    assert "ناموفق" in persian.text and "۵۰۲" in persian.text

    response = client.post(f"/admin/webhooks/deliveries/{delivery.id}/resend")
    assert response.status_code == 302
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert delivery.next_attempt_at is not None
    assert client.post("/admin/webhooks/deliveries/999/resend").status_code == 404

    deleted = client.post(f"/admin/webhooks/{endpoint.id}/delete")
    assert deleted.status_code == 302
    assert db.session.query(WebhookDelivery).count() == 0


def test_webhooks_are_for_administrators_only(client):
    signed_in_staff(client, *PORTFOLIO.codes.values())
    assert client.get("/admin/webhooks/").status_code == 403
    assert client.get("/admin/webhooks/new").status_code == 403
    data = {"url": "https://x.example/", "events": ["tag.created"]}
    assert client.post("/admin/webhooks/new", data=data).status_code == 403
    assert "/admin/webhooks/" not in client.get("/admin/").text
    assert db.session.query(WebhookEndpoint).count() == 0


def test_the_commands_register_and_list_endpoints(runner):
    result = runner.invoke(
        args=["webhooks", "create", "https://studio.example/hooks",
              "--events", "portfolio.updated,portfolio.published"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("whsec_")
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.secret == secret
    assert endpoint.events == ["portfolio.updated", "portfolio.published"]

    every = runner.invoke(args=["webhooks", "create", "http://127.0.0.1:8080/hooks"])
    assert every.exit_code == 0
    assert len(db.session.scalars(select(WebhookEndpoint)).all()[-1].events) == 14

    listed = runner.invoke(args=["webhooks", "list"])
    assert "https://studio.example/hooks" in listed.output and secret not in listed.output
    bad = runner.invoke(args=["webhooks", "create", "https://x.example/", "--events", "nope"])
    assert bad.exit_code != 0 and "Unknown event nope." in bad.output
    assert runner.invoke(args=["webhooks", "create", "not a url"]).exit_code != 0
