"""Every response carries an X-Request-ID, and every request is logged as one JSON line."""

import io
import json
import logging

import pytest

from portfolio_admin.request_log import JsonFormatter
from tests.factories import make_tag, make_user


@pytest.fixture
def log_lines():
    """The JSON lines the request log writes during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("portfolio_admin.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_every_kind_of_response_carries_a_new_request_id(client, admin):
    url = f"/api/portfolios/tags/{make_tag().id}"
    etag = client.get(url, headers=admin).headers["ETag"]
    responses = [
        client.get("/healthz"),
        client.get("/admin/login"),
        client.get(url, headers=admin),
        client.get(url, headers=admin | {"If-None-Match": etag}),
        client.get(url),
        client.get("/api/nowhere", headers=admin),
        client.get("/nowhere"),
        client.post("/api/portfolios/tags/", data=b"{", headers=admin),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 304, 401, 404, 404, 415]
    ids = [r.headers["X-Request-ID"] for r in responses]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert len(set(ids)) == len(ids)


def test_a_sane_request_id_from_the_proxy_is_kept(client):
    sent = "lb-7f3a:2026-01-02/abc+def=@x.y_z"
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response.headers["X-Request-ID"] == sent


@pytest.mark.parametrize(
    "sent", ["", "a" * 129, "has space", 'quote"d', "new\\nline", "ünïcode", "<script>"]
)
def test_an_insane_request_id_is_replaced(client, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response.headers["X-Request-ID"] != sent
    assert len(response.headers["X-Request-ID"]) == 32


def test_each_request_is_one_json_line_with_id_user_method_path_status_and_duration(
    client, admin, log_lines
):
    client.get("/api/portfolios/tags/", headers=admin | {"X-Request-ID": "req-1"})
    client.get("/api/portfolios/tags/")
    (api_read, refused) = log_lines()
    assert api_read["message"] == "request"
    assert api_read["request_id"] == "req-1"
    assert (api_read["method"], api_read["path"], api_read["status"]) == (
        "GET", "/api/portfolios/tags/", 200,
    )  # fmt: skip
    assert (api_read["user_id"], api_read["username"], api_read["token"]) == (1, "root", "test")
    assert isinstance(api_read["duration_ms"], float) and api_read["duration_ms"] >= 0
    assert api_read["level"] == "INFO" and api_read["time"].endswith("Z")
    assert refused["status"] == 401 and "user_id" not in refused


def test_a_signed_in_staff_members_requests_are_logged_with_their_name(app, client, log_lines):
    app.config["WTF_CSRF_ENABLED"] = False
    user = make_user("boss", is_admin=True)
    client.post("/admin/login", data={"username": "boss", "password": "secret-pass"})
    client.get("/admin/")
    sign_in, dashboard = log_lines()
    assert (sign_in["status"], sign_in["username"]) == (302, "boss")
    assert (dashboard["path"], dashboard["user_id"], dashboard["username"]) == (
        "/admin/", user.id, "boss",
    )  # fmt: skip


def test_the_formatter_keeps_exceptions_and_non_ascii_text():
    try:
        raise ValueError("بد")
    except ValueError as exc:
        exc_info = (type(exc), exc, exc.__traceback__)
    record = logging.makeLogRecord(
        {"msg": "failed: %s", "args": ("متن",), "levelno": 40, "levelname": "ERROR",
         "exc_info": exc_info, "path": "/x"}
    )  # fmt: skip
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert (entry["message"], entry["path"]) == ("failed: متن", "/x")
    assert "ValueError: بد" in entry["exception"]
