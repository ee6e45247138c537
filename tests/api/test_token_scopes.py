"""Scoped and expiring tokens, and codes held through roles, over HTTP."""

from datetime import timedelta

import pytest

from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import roles, tokens, users
from portfolio_admin.services.errors import ValidationError
from tests.factories import auth_header, make_user

EMPLOYERS = "/api/portfolios/employers/"
TAGS = "/api/portfolios/tags/"


def _key(user, **options):
    _token, key = tokens.create_token(user, "site", **options)
    db.session.commit()
    return auth_header(key)


def test_a_scoped_token_may_use_only_its_scope(client):
    user = make_user(is_staff=True, permissions=[4220, 4221, 4210])
    headers = _key(user, scope=[4220])
    assert client.get(EMPLOYERS, headers=headers).status_code == 200
    created = client.post(EMPLOYERS, json={"name": "Acme"}, headers=headers)
    assert created.status_code == 403
    assert created.json == {"detail": "You do not have permission to perform this action."}
    assert client.get(TAGS, headers=headers).status_code == 403


def test_a_scoped_token_of_an_admin_is_limited_too(client):
    admin = make_user(is_admin=True)
    headers = _key(admin, scope=[4220, 4222])
    assert client.get(EMPLOYERS, headers=headers).status_code == 200
    assert client.post(EMPLOYERS, json={"name": "Acme"}, headers=headers).status_code == 403


def test_the_scope_is_cut_to_the_codes_the_user_holds_now(client):
    user = make_user(is_staff=True, permissions=[4220, 4210])
    headers = _key(user, scope=[4220, 4210])
    assert client.get(EMPLOYERS, headers=headers).status_code == 200
    users.update_user(user, {"permissions": {4210}})
    db.session.commit()
    assert client.get(EMPLOYERS, headers=headers).status_code == 403
    assert client.get(TAGS, headers=headers).status_code == 200


def test_an_unscoped_token_follows_its_users_codes(client):
    user = make_user(is_staff=True, permissions=[4210])
    headers = _key(user)
    assert client.get(EMPLOYERS, headers=headers).status_code == 403
    users.update_user(user, {"permissions": {4210, 4220}})
    db.session.commit()
    assert client.get(EMPLOYERS, headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("scope", "message"),
    [([4221], "The user does not hold permission 4221."), ([9999], "Unknown permission code")],
)
def test_a_scope_beyond_the_users_codes_is_refused(app, scope, message):
    user = make_user(is_staff=True, permissions=[4220])
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(user, "site", scope=scope)
    assert message in caught.value.errors["scope"][0]


def test_an_expired_token_is_401(client):
    user = make_user(is_admin=True)
    token, key = tokens.create_token(user, "site", expires_at=utcnow() + timedelta(hours=1))
    db.session.commit()
    assert client.get(EMPLOYERS, headers=auth_header(key)).status_code == 200
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(EMPLOYERS, headers=auth_header(key))
    assert response.status_code == 401
    assert response.json == {"detail": "Invalid token."}


def test_an_expiry_in_the_past_is_refused(app):
    user = make_user(is_admin=True)
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(user, "site", expires_at=utcnow() - timedelta(days=1))
    assert "expires_at" in caught.value.errors


def test_codes_held_through_a_role_count_and_a_role_change_counts_at_once(client):
    role = roles.save_role(None, "Reader", [4220])
    user = make_user(is_staff=True)
    users.update_user(user, {"roles": [role.id]})
    headers = _key(user)
    db.session.commit()
    assert client.get(EMPLOYERS, headers=headers).status_code == 200
    # Cached now; the role loses the code and the very next read is refused.
    assert client.get(EMPLOYERS, headers=headers).status_code == 200
    roles.save_role(role, "Reader", [4210])
    db.session.commit()
    assert client.get(EMPLOYERS, headers=headers).status_code == 403
    assert client.get(TAGS, headers=headers).status_code == 200
    roles.delete_role(role)
    db.session.commit()
    assert client.get(TAGS, headers=headers).status_code == 403


def test_a_role_change_is_seen_at_once_by_every_instance(client, more_instances):
    role = roles.save_role(None, "Reader", [4220])
    user = make_user(is_staff=True)
    users.update_user(user, {"roles": [role.id]})
    headers = _key(user)
    db.session.commit()
    other = more_instances().test_client()
    assert other.get(EMPLOYERS, headers=headers).status_code == 200
    roles.save_role(role, "Reader", [])
    db.session.commit()
    assert other.get(EMPLOYERS, headers=headers).status_code == 403
    assert client.get(EMPLOYERS, headers=headers).status_code == 403
