"""API rate limits: per token for reads and writes, per address for failed
authentications; 429 with ``Retry-After`` and the ``RateLimit-*`` headers."""

import threading
import time

import pytest

from portfolio_admin.api import rate_limits
from tests.factories import auth_header, make_token, make_user

URL = "/api/portfolios/employers/"


@pytest.fixture
def limited_app(app):
    """The app with small limits on (the suite runs with them off)."""
    app.config.update(
        RATELIMIT_ENABLED=True,
        API_RATE_LIMIT_READ="3 per minute",
        API_RATE_LIMIT_WRITE="2 per minute",
        API_RATE_LIMIT_FAILED_AUTH="2 per minute",
    )
    rate_limits.register(app)
    return app


def test_reads_over_the_limit_get_429_with_headers(limited_app):
    client = limited_app.test_client()
    headers = auth_header(make_token(make_user(is_admin=True)))
    for _ in range(3):
        assert client.get(URL, headers=headers).status_code == 200
    refused = client.get(URL, headers=headers)
    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 0 < seconds <= 60
    assert refused.json == {
        "detail": f"Request was throttled. Expected available in {seconds} seconds."
    }
    assert refused.headers["RateLimit-Limit"] == "3"
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert refused.headers["RateLimit-Reset"] == str(seconds)


def test_a_failing_store_lets_calls_through(limited_app, monkeypatch):
    client = limited_app.test_client()
    headers = auth_header(make_token(make_user(is_admin=True)))

    def broken(*_args, **_kwargs):
        raise ConnectionError("store down")

    strategy = limited_app.extensions["rate_limits"].strategy
    monkeypatch.setattr(strategy, "hit", broken)
    monkeypatch.setattr(strategy, "test", broken)
    for _ in range(5):
        assert client.get(URL, headers=headers).status_code == 200


def test_each_token_has_its_own_count_and_writes_their_own(limited_app):
    client = limited_app.test_client()
    first = auth_header(make_token(make_user(is_admin=True), name="one"))
    second = auth_header(make_token(make_user("other", is_admin=True), name="two"))
    for _ in range(3):
        assert client.get(URL, headers=first).status_code == 200
    assert client.get(URL, headers=first).status_code == 429
    assert client.get(URL, headers=second).status_code == 200
    # Writes count apart from reads: the first token may still write.
    assert client.post(URL, json={"name": "A"}, headers=first).status_code == 201
    assert client.post(URL, json={"name": "B"}, headers=first).status_code == 201
    assert client.post(URL, json={"name": "C"}, headers=first).status_code == 429


def test_failed_authentication_is_limited_per_address(limited_app):
    client = limited_app.test_client()
    for n in range(2):
        assert client.get(URL, headers=auth_header(f"pa_invented-{n}")).status_code == 401
    # Inventing another key does not help: the address has used up its failures.
    assert client.get(URL, headers=auth_header("pa_invented-x")).status_code == 429
    assert client.get(URL).status_code == 429
    # Until the window ends the address is refused before any database work, whatever
    # it sends, a real token too (it might be the guessing that found it).
    headers = auth_header(make_token(make_user(is_admin=True)))
    assert client.get(URL, headers=headers).status_code == 429
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get(URL, headers=headers, environ_base=other_address).status_code == 200


def test_counting_calls_starts_no_threads(limited_app, monkeypatch):
    """limits' own memory store started a timer thread after most calls under steady
    traffic; counting here must not (each start cost more than the read it counted)."""
    limited_app.config["API_RATE_LIMIT_READ"] = "100 per minute"
    rate_limits.register(limited_app)
    client = limited_app.test_client()
    headers = auth_header(make_token(make_user(is_admin=True)))
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread))
    for _ in range(5):
        assert client.get(URL, headers=headers).status_code == 200
        time.sleep(0.02)  # longer than limits' 10 ms timer: it would start another
    assert started == []


def test_counters_of_ended_windows_are_swept():
    storage = rate_limits.SweptMemoryStorage()
    storage.incr("quiet caller", expiry=0.01)
    time.sleep(0.02)
    for number in range(rate_limits.SweptMemoryStorage.SWEEP_EVERY):
        storage.incr(f"caller {number % 10}", expiry=60)
    assert "quiet caller" not in storage.storage and "quiet caller" not in storage.expirations
    assert storage.get("caller 3") == rate_limits.SweptMemoryStorage.SWEEP_EVERY // 10
