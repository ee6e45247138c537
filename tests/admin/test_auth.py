"""Signing in and out of the admin: who may, where it leads, and guessing slowed down."""

import pytest

from portfolio_admin.models import LoginAttempt, User
from portfolio_admin.models.base import db
from portfolio_admin.services import users
from tests.admin.conftest import login
from tests.factories import make_user


def test_admin_pages_send_anonymous_visitors_to_sign_in_with_next(client):
    response = client.get("/admin/portfolios/?q=x")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")
    assert "portfolios" in response.headers["Location"]


def test_sign_in_form_renders_with_labels_and_csrf_field(client):
    page = client.get("/admin/login").text
    assert 'name="username"' in page and 'name="password"' in page and 'name="remember"' in page
    assert '<label for="username">' in page
    assert 'lang="en" dir="ltr"' in page


def test_staff_signs_in_records_last_login_and_reaches_the_dashboard(client):
    user = make_user("boss", is_admin=True)
    assert user.last_login_at is None
    response = login(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None
    page = client.get("/admin/").text
    assert "Dashboard" in page and "boss" in page


def test_wrong_password_is_refused_with_a_message_and_counted(client):
    make_user("boss", is_admin=True)
    response = login(client, password="wrong")
    assert response.status_code == 200
    assert "Please enter the username and password" in response.text
    assert db.session.query(LoginAttempt).count() == 1
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "kwargs",
    [{"is_staff": False}, {"is_staff": True, "deactivated": True}],
    ids=["not staff", "inactive"],
)
def test_non_staff_and_inactive_users_cannot_sign_in(client, kwargs):
    deactivated = kwargs.pop("deactivated", False)
    user = make_user("someone", **kwargs)
    if deactivated:
        users.set_active(user, False)
        db.session.commit()
    response = login(client, "someone")
    assert response.status_code == 200
    assert "active staff account" in response.text
    assert client.get("/admin/").status_code == 302


def test_failures_per_account_are_throttled_with_429_even_with_the_right_password(client, app):
    make_user("boss", is_admin=True)
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        assert login(client, password="wrong").status_code == 200
    response = login(client)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert client.get("/admin/").status_code == 302


def test_throttling_per_account_ignores_the_address_and_the_case(client, app):
    make_user("boss", is_admin=True)
    for n in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        client.post(
            "/admin/login",
            data={"username": "BOSS", "password": "x"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
    response = client.post(
        "/admin/login",
        data={"username": "boss", "password": "secret-pass"},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert response.status_code == 429


def test_failures_per_address_are_throttled_across_usernames(client, app):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 3
    make_user("boss", is_admin=True)
    for name in ("a", "b", "c"):
        login(client, name, "guess")
    assert login(client).status_code == 429
    other = client.post(
        "/admin/login",
        data={"username": "boss", "password": "secret-pass"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other.status_code == 302


def test_failures_older_than_the_window_no_longer_count(client, app):
    app.config["LOGIN_FAILURE_WINDOW_SECONDS"] = 0
    make_user("boss", is_admin=True)
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 1):
        login(client, password="wrong")
    assert login(client).status_code == 302


def test_success_forgets_the_accounts_earlier_failures(client):
    make_user("boss", is_admin=True)
    login(client, password="wrong")
    assert login(client).status_code == 302
    assert db.session.query(LoginAttempt).count() == 0


@pytest.mark.parametrize(
    "target",
    ["//evil.com", "http://evil", "https://evil.com/admin/", "\\\\evil", "/\\evil.com", "evil"],
)
def test_next_never_leads_off_the_site(client, target):
    make_user("boss", is_admin=True)
    response = client.post(
        "/admin/login",
        query_string={"next": target},
        data={"username": "boss", "password": "secret-pass"},
    )
    assert response.headers["Location"] == "/admin/"


def test_next_on_this_site_is_followed(client):
    make_user("boss", is_admin=True)
    response = client.post(
        "/admin/login?next=/admin/tags/%3Fq%3Dx",
        data={"username": "boss", "password": "secret-pass"},
    )
    assert response.headers["Location"] == "/admin/tags/?q=x"


def test_sign_out_is_post_only(client, boss):
    assert client.get("/admin/logout").status_code == 405
    assert client.get("/admin/").status_code == 200
    response = client.post("/admin/logout")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_a_password_change_ends_existing_sessions(client, boss):
    assert client.get("/admin/").status_code == 200
    users.set_password(boss, "a-new-password")
    db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_deactivation_ends_existing_sessions(client, boss):
    make_user("deputy", is_admin=True)  # the last active admin cannot be deactivated
    users.set_active(boss, False)
    db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_remember_me_sets_a_lasting_cookie_that_a_password_change_invalidates(client):
    user = make_user("boss", is_admin=True)
    response = login(client, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie
    client.delete_cookie("session")
    assert client.get("/admin/").status_code == 200  # restored from the remember cookie
    users.set_password(user, "changed-password")
    db.session.commit()
    client.delete_cookie("session")
    assert client.get("/admin/").status_code == 302
