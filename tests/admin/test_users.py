"""Users and permissions in the admin: administrators only, grouped codes with an "all"
shortcut, strong passwords, and no way to lock every administrator out."""

import re

import pytest

from portfolio_admin.auth.passwords import password_matches
from portfolio_admin.auth.permissions import PORTFOLIO, TAG
from portfolio_admin.models import ApiToken, User
from portfolio_admin.models.base import db
from portfolio_admin.services import users
from tests.admin.conftest import login, signed_in_staff
from tests.admin.test_csrf import token_from
from tests.factories import auth_header, make_token, make_user

NEW_USER = {"username": "sara", "password": "violet-canyon-88", "is_staff": "y"}


def fresh(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/users/"),
        ("get", "/admin/users/new"),
        ("post", "/admin/users/new"),
        ("get", "/admin/users/{pk}/"),
        ("post", "/admin/users/{pk}/"),
        ("get", "/admin/users/{pk}/password"),
        ("post", "/admin/users/{pk}/password"),
        ("get", "/admin/users/{pk}/deactivate"),
        ("post", "/admin/users/{pk}/deactivate"),
        ("post", "/admin/users/{pk}/activate"),
    ],
)
def test_every_user_page_refuses_staff_with_403(client, method, path):
    staff = signed_in_staff(client, PORTFOLIO.list, TAG.list)
    response = getattr(client, method)(path.format(pk=staff.id), data={"is_admin": "y"})
    assert response.status_code == 403
    assert fresh(staff.id).is_active and not fresh(staff.id).is_admin


def test_only_administrators_see_the_users_entry(client):
    signed_in_staff(client, PORTFOLIO.list)
    assert 'href="/admin/users/"' not in client.get("/admin/").text
    client.post("/admin/logout")
    make_user("boss", is_admin=True)
    login(client)
    assert 'href="/admin/users/"' in client.get("/admin/").text


def test_the_list_shows_status_role_codes_and_last_sign_in_with_search(client, boss):
    make_user("clerk", is_staff=True, permissions=[PORTFOLIO.list, TAG.list])
    sleeper = make_user("sleeper", is_staff=True)
    users.set_active(sleeper, False)
    db.session.commit()
    page = client.get("/admin/users/").text
    row = re.search(r"<tr>\s*<td><a[^>]*>clerk</a>.*?</tr>", page, re.S).group(0)
    assert "Active" in row and "Staff" in row and "<td>2</td>" in row and "Never" in row
    boss_row = re.search(r"<tr>\s*<td><a[^>]*>boss</a>.*?</tr>", page, re.S).group(0)
    assert "Administrator" in boss_row and "</time>" in boss_row  # signed in just now
    assert "Inactive" in re.search(r"sleeper</a>.*?</tr>", page, re.S).group(0)
    found = client.get("/admin/users/?q=CLE").text
    assert ">clerk</a>" in found and ">sleeper</a>" not in found


def test_permission_checkboxes_are_grouped_by_resource_with_their_codes(client, boss):
    page = client.get("/admin/users/new").text
    groups = re.findall(r'<fieldset class="permission-group".*?</fieldset>', page, re.S)
    assert len(groups) == 6
    portfolio = next(group for group in groups if "<legend>Portfolios" in group)
    assert re.findall(r'name="permissions" value="(\d+)"', portfolio) == [
        "4200",
        "4201",
        "4202",
        "4203",
        "4204",
    ]
    assert 'name="whole_resources" value="portfolio"' in portfolio
    assert "<code>4202</code>" in portfolio


def test_create_a_staff_member_with_codes_and_the_all_shortcut(client, boss):
    data = NEW_USER | {"permissions": ["4220", "4242"], "whole_resources": ["portfolio"]}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 302
    sara = users.get_user_by_username("sara")
    assert sara.permissions == {4200, 4201, 4202, 4203, 4204, 4220, 4242}
    assert sara.is_staff and not sara.is_admin and password_matches(sara, "violet-canyon-88")
    assert response.headers["Location"] == f"/admin/users/{sara.id}/"


def test_a_weak_password_is_refused_beside_the_password_field(client, boss):
    response = client.post("/admin/users/new", data=NEW_USER | {"password": "sara123456"})
    assert response.status_code == 400
    errors = re.search(
        r'<ul class="field-errors" id="password-errors">(.*?)</ul>', response.text, re.S
    )
    assert errors and "username" in errors.group(1)
    assert 'aria-invalid="true"' in response.text
    assert users.get_user_by_username("sara") is None


def test_unknown_codes_and_a_taken_username_are_refused(client, boss):
    response = client.post("/admin/users/new", data=NEW_USER | {"permissions": ["9999"]})
    assert response.status_code == 400 and "Unknown permission code 9999" in response.text
    response = client.post("/admin/users/new", data=NEW_USER | {"username": "boss"})
    assert response.status_code == 400 and "already exists" in response.text


def test_edit_flags_and_codes_of_a_staff_member(client, boss):
    clerk = make_user("clerk", is_staff=True, permissions=[PORTFOLIO.list])
    page = client.get(f"/admin/users/{clerk.id}/").text
    assert re.search(r'value="4200" data-permission-code\s+checked', page)
    data = {"username": "clerk", "is_staff": "y", "permissions": ["4210", "4211"]}
    assert client.post(f"/admin/users/{clerk.id}/", data=data).status_code == 302
    assert fresh(clerk.id).permissions == {4210, 4211}


def test_an_admin_cannot_demote_or_deactivate_themselves(client, boss):
    make_user("deputy", is_admin=True)
    response = client.post(f"/admin/users/{boss.id}/", data={"username": "boss", "is_staff": "y"})
    assert response.status_code == 400 and "your own access" in response.text
    page = client.get(f"/admin/users/{boss.id}/").text
    assert "/deactivate" not in page
    response = client.post(f"/admin/users/{boss.id}/deactivate", follow_redirects=True)
    assert "your own access" in response.text
    assert fresh(boss.id).is_active and fresh(boss.id).is_admin


def test_an_admin_may_demote_and_deactivate_another_admin(client, boss):
    # The last active admin is always the one acting here, refused as "yourself"; the
    # last-admin rule itself is the service's (tests/services/test_users.py).
    deputy = make_user("deputy", is_admin=True)
    data = {"username": "deputy", "is_staff": "y"}
    assert client.post(f"/admin/users/{deputy.id}/", data=data).status_code == 302
    assert not fresh(deputy.id).is_admin
    assert client.post(f"/admin/users/{deputy.id}/deactivate").status_code == 302
    assert not fresh(deputy.id).is_active


def test_deactivating_ends_sessions_and_refuses_tokens_at_once_even_cached(app, client, boss):
    clerk = make_user("clerk", is_staff=True, permissions=[TAG.list])
    key = make_token(clerk)
    other_browser = app.test_client()
    assert login(other_browser, "clerk").status_code == 302
    assert other_browser.get("/admin/").status_code == 200
    headers = auth_header(key)
    first = client.get("/api/portfolios/tags/", headers=headers)
    assert first.status_code == 200
    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 200  # cached
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get("/api/portfolios/tags/", headers=headers | etag).status_code == 304

    page = client.get(f"/admin/users/{clerk.id}/deactivate")
    assert "Their API tokens stop working at once." in page.text
    assert client.post(f"/admin/users/{clerk.id}/deactivate").status_code == 302

    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 401
    assert client.get("/api/portfolios/tags/", headers=headers | etag).status_code == 401
    assert other_browser.get("/admin/").status_code == 302
    assert login(other_browser, "clerk").status_code == 200  # refused, form shown again

    assert client.post(f"/admin/users/{clerk.id}/activate").status_code == 302
    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 200


def test_an_admin_sets_another_users_password_which_ends_their_sessions(app, client, boss):
    clerk = make_user("clerk", is_staff=True)
    other_browser = app.test_client()
    login(other_browser, "clerk")
    weak = client.post(f"/admin/users/{clerk.id}/password", data={"password": "1234567890"})
    assert weak.status_code == 400 and 'id="password-errors"' in weak.text
    assert "Use more than digits." in weak.text
    ok = client.post(f"/admin/users/{clerk.id}/password", data={"password": "olive-meadow-31"})
    assert ok.status_code == 302
    assert password_matches(fresh(clerk.id), "olive-meadow-31")
    assert other_browser.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200  # the admin's own session goes on


def test_unknown_user_is_404(client, boss):
    assert client.get("/admin/users/999/").status_code == 404
    assert client.post("/admin/users/999/deactivate").status_code == 404


def test_user_and_token_actions_need_the_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    browser = app.test_client()
    make_user("boss", is_admin=True)
    clerk = make_user("clerk", is_staff=True)
    make_token(clerk)
    token_id = db.session.scalars(db.select(ApiToken.id)).one()
    csrf = token_from(browser.get("/admin/login").text)
    login(browser, csrf_token=csrf)
    posts = [
        (f"/admin/users/{clerk.id}/deactivate", {}),
        (f"/admin/users/{clerk.id}/", {"username": "clerk", "is_admin": "y"}),
        (f"/admin/users/{clerk.id}/password", {"password": "olive-meadow-31"}),
        ("/admin/users/new", NEW_USER),
        (f"/admin/tokens/{token_id}/revoke", {}),
        ("/admin/account/tokens/", {"name": "sneaky"}),
    ]
    for path, data in posts:
        assert browser.post(path, data=data).status_code == 400, path
    assert fresh(clerk.id).is_active and not fresh(clerk.id).is_admin
    assert db.session.scalars(db.select(ApiToken.revoked_at)).one() is None
    csrf = token_from(browser.get("/admin/").text)
    response = browser.post(f"/admin/users/{clerk.id}/deactivate", data={"csrf_token": csrf})
    assert response.status_code == 302 and not fresh(clerk.id).is_active


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/admin/users/new", {"username": "a\x00b", "password": "violet-canyon-88"}),
        ("post", "/admin/users/new", NEW_USER | {"permissions": ["1" * 5000, "²"]}),
        ("post", "/admin/users/new", NEW_USER | {"whole_resources": ["nothing"]}),
        ("post", "/admin/account/tokens/", {"name": "a\x00b"}),
        ("post", "/admin/account/tokens/", {"name": "x" * 101}),
        ("post", "/admin/account/password", {"current_password": "\x00", "password": "\x00" * 12}),
        ("post", "/admin/tokens/99999999999999999999/revoke", {}),
        ("post", "/admin/users/99999999999999999999/deactivate", {}),
        ("get", "/admin/users/99999999999999999999/", {}),
        ("get", "/admin/users/?q=a%00b", {}),
    ],
)
def test_odd_input_is_refused_never_a_server_error(client, boss, method, path, data):
    """On PostgreSQL too (NUL in text, ids past INTEGER, codes int() cannot parse)."""
    response = getattr(client, method)(path, data=data)
    assert response.status_code in (200, 400, 404)
