"""Token authentication and permission codes, over HTTP."""

import pytest

from portfolio_admin.models.base import db
from portfolio_admin.services import tokens, users
from tests.factories import auth_header, make_token, make_user, staff_with

URL = "/api/portfolios/employers/"


def test_request_without_credentials_is_401_with_token_challenge(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(
    "header", ["Token", "Bearer abc", "Token a b", "token", "Basic dXNlcjpwYXNz"]
)
def test_malformed_authorization_header_is_401(client, header):
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert "detail" in response.json


def test_unknown_token_is_401(client):
    response = client.get(URL, headers=auth_header("pa_not-a-real-key"))
    assert response.status_code == 401
    assert response.json == {"detail": "Invalid token."}


def test_revoked_token_is_refused_on_the_next_request(client):
    user = make_user(is_admin=True)
    token, key = tokens.create_token(user, "site")
    db.session.commit()
    assert client.get(URL, headers=auth_header(key)).status_code == 200
    tokens.revoke_token(token)
    db.session.commit()
    assert client.get(URL, headers=auth_header(key)).status_code == 401


def test_token_of_inactive_user_is_refused(client):
    user = make_user(is_staff=True, permissions=[4220])
    key = make_token(user)
    users.set_active(user, False)
    db.session.commit()
    response = client.get(URL, headers=auth_header(key))
    assert response.status_code == 401


def test_staff_without_the_code_is_403(client):
    headers = staff_with(4221)  # may create, not list
    response = client.get(URL, headers=headers)
    assert response.status_code == 403
    assert response.json == {"detail": "You do not have permission to perform this action."}


def test_staff_with_the_code_is_allowed(client):
    assert client.get(URL, headers=staff_with(4220)).status_code == 200


def test_code_without_staff_flag_is_not_enough(client):
    user = make_user("outsider", is_staff=False, permissions=[4220])
    response = client.get(URL, headers=auth_header(make_token(user)))
    assert response.status_code == 403


def test_admin_may_do_everything(client, admin):
    assert client.get(URL, headers=admin).status_code == 200
    assert client.post(URL, json={"name": "Acme"}, headers=admin).status_code == 201


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", "/api/portfolios/employers/", 4220),
        ("POST", "/api/portfolios/employers/", 4221),
        ("GET", "/api/portfolios/employers/1", 4222),
        ("PATCH", "/api/portfolios/employers/1", 4223),
        ("PUT", "/api/portfolios/employers/1", 4223),
        ("DELETE", "/api/portfolios/employers/1", 4224),
        ("GET", "/api/portfolios/tags/", 4210),
        ("POST", "/api/portfolios/tags/", 4211),
        ("GET", "/api/portfolios/tags/1", 4212),
        ("PATCH", "/api/portfolios/tags/1", 4213),
        ("DELETE", "/api/portfolios/tags/1", 4214),
    ],
)
def test_each_action_needs_its_own_code(client, method, path, code):
    allowed = staff_with(code, username="allowed")
    others = [c for c in range(4210, 4225) if c != code]
    denied = staff_with(*others, username="denied")
    assert client.open(path, method=method, headers=denied, json={}).status_code == 403
    assert client.open(path, method=method, headers=allowed, json={}).status_code != 403


def test_token_use_is_recorded(client):
    user = make_user(is_admin=True)
    token, key = tokens.create_token(user, "site")
    db.session.commit()
    assert token.last_used_at is None
    client.get(URL, headers=auth_header(key))
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_only_the_digest_of_a_key_is_stored(app):
    user = make_user()
    token, key = tokens.create_token(user, "site")
    assert key not in (token.digest, token.hint)
    assert len(token.digest) == 64
