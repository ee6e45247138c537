"""Proxy headers are believed only when configured; then the throttle counts clients."""

import pytest
from flask import request

from portfolio_admin import create_app
from portfolio_admin.models.base import db
from tests.factories import make_user


@pytest.fixture
def behind_proxy(app, database_uri):
    """A client of the app configured to trust one proxy in front of it."""

    def client(**proxy_fix):
        other = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "SECRET_KEY": "test-secret-key",
                "SQLALCHEMY_DATABASE_URI": database_uri,
                "MEDIA_ROOT": app.config["MEDIA_ROOT"],
                "INSTANCE_PATH": app.instance_path,
                "LOGIN_FAILURES_PER_ADDRESS": 3,
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            }
            | proxy_fix
        )
        apps.append(other)
        return other.test_client()

    apps = []
    yield client
    for other in apps:
        with other.app_context():
            db.engine.dispose()


def sign_in(client, client_address, username="boss", password="secret-pass"):
    """A sign-in relayed by the proxy at 10.0.0.1 for ``client_address``."""
    return client.post(
        "/admin/login",
        data={"username": username, "password": password},
        headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )


def test_with_x_for_trusted_the_throttle_counts_each_client_not_the_proxy(behind_proxy):
    client = behind_proxy(PROXY_FIX_X_FOR=1)
    make_user("boss", is_admin=True)
    for name in ("a", "b", "c"):
        sign_in(client, "203.0.113.5", name, "guess")
    assert sign_in(client, "203.0.113.5").status_code == 429
    assert sign_in(client, "198.51.100.9").status_code == 302


def test_only_the_last_hop_is_believed_so_a_client_cannot_pick_its_address(behind_proxy):
    client = behind_proxy(PROXY_FIX_X_FOR=1)
    make_user("boss", is_admin=True)
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        sign_in(client, f"{forged}, 203.0.113.5", "a", "guess")
    assert sign_in(client, "203.0.113.5").status_code == 429


def test_by_default_forwarded_headers_are_ignored(behind_proxy):
    client = behind_proxy()
    make_user("boss", is_admin=True)
    for n in range(3):
        sign_in(client, f"203.0.113.{n}", "a", "guess")
    assert sign_in(client, "198.51.100.9").status_code == 429  # all came from 10.0.0.1


@pytest.mark.parametrize(
    ("proxy_fix", "seen"),
    [
        ({}, "http://localhost 10.0.0.1"),
        ({"PROXY_FIX_X_FOR": 1, "PROXY_FIX_X_PROTO": 1, "PROXY_FIX_X_HOST": 1},
         "https://studio.example 203.0.113.5"),
    ],
    ids=["default", "trusted"],
)  # fmt: skip
def test_scheme_host_and_address_come_from_the_proxy_only_when_trusted(
    behind_proxy, proxy_fix, seen
):
    client = behind_proxy(**proxy_fix)
    client.application.add_url_rule(  # a probe, added before the app's first request
        "/probe", "probe", lambda: f"{request.scheme}://{request.host} {request.remote_addr}"
    )
    response = client.get(
        "/probe",
        headers={"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Host": "studio.example"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )  # fmt: skip
    assert response.text == seen
