"""API tokens and one's own account in the admin: the key is shown once and never
stored, each user manages their own tokens, administrators anyone's."""

import re
from datetime import UTC, datetime, time, timedelta

from portfolio_admin.auth.passwords import password_matches
from portfolio_admin.auth.permissions import TAG
from portfolio_admin.models import ApiToken
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import token_digest
from portfolio_admin.services import tokens
from tests.admin.conftest import login, signed_in_staff
from tests.factories import auth_header, make_token, make_user


def key_on(page: str) -> str:
    return re.search(r'id="token-key" value="([^"]+)"', page).group(1)


def test_a_new_key_is_shown_once_and_only_its_digest_is_stored(client):
    signed_in_staff(client, TAG.list)
    response = client.post("/admin/account/tokens/", data={"name": "public site"})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    key = key_on(response.text)
    assert "shown only this once" in response.text

    stored = db.session.scalars(db.select(ApiToken)).one()
    assert stored.digest == token_digest(key) and key not in (stored.digest, stored.hint)
    listing = client.get("/admin/account/tokens/").text
    assert key not in listing and "public site" in listing and f"{key[:7]}…" in listing
    with client.session_transaction() as session:
        assert key not in repr(dict(session))
    assert client.get("/api/portfolios/tags/", headers=auth_header(key)).status_code == 200


def test_a_token_may_expire_and_needs_a_name(client):
    signed_in_staff(client, TAG.list)
    blank = client.post("/admin/account/tokens/", data={"name": "  "})
    assert blank.status_code == 400 and 'id="name-errors"' in blank.text
    for odd in ("yesterday", "2020-01-01", "9999-12-31"):
        answer = client.post("/admin/account/tokens/", data={"name": "x", "expires_on": odd})
        assert answer.status_code == 400 and 'id="expires_on-errors"' in answer.text
    day = (utcnow() + timedelta(days=30)).date()
    client.post("/admin/account/tokens/", data={"name": "ci", "expires_on": day.isoformat()})
    token = db.session.scalars(db.select(ApiToken)).one()
    assert token.expires_at == datetime.combine(day + timedelta(days=1), time(), UTC)


def test_a_token_may_be_limited_to_some_of_its_users_codes(client):
    signed_in_staff(client, TAG.list, TAG.create)
    form = client.get("/admin/account/tokens/").text
    assert f'name="scope" value="{TAG.list}"' in form
    assert f'name="scope" value="{TAG.delete}"' not in form  # not offered: not held
    page = client.post("/admin/account/tokens/", data={"name": "site", "scope": [str(TAG.list)]})
    key = key_on(page.text)
    assert client.get("/api/portfolios/tags/", headers=auth_header(key)).status_code == 200
    created = client.post("/api/portfolios/tags/", json={"name": "x"}, headers=auth_header(key))
    assert created.status_code == 403
    listing = client.get("/admin/account/tokens/").text
    assert f'<span dir="ltr">{TAG.list}</span>' in listing
    refused = client.post("/admin/account/tokens/", data={"name": "x", "scope": [str(TAG.delete)]})
    assert refused.status_code == 400
    assert f"The user does not hold permission {TAG.delete}." in refused.text


def test_the_list_shows_name_hint_dates_and_status(client):
    clerk = signed_in_staff(client, TAG.list)
    key = make_token(clerk, "site")
    client.get("/api/portfolios/tags/", headers=auth_header(key))
    old = tokens.list_tokens(clerk)[0]
    tokens.revoke_token(tokens.create_token(clerk, "old")[0])
    db.session.commit()
    page = client.get("/admin/account/tokens/").text
    site_row = re.search(r"<td>site</td>.*?</tr>", page, re.S).group(0)
    assert "Active" in site_row and site_row.count("</time>") == 2 and "Never" in site_row
    assert old.hint in site_row and "Revoke" in site_row
    old_row = re.search(r"<td>old</td>.*?</tr>", page, re.S).group(0)
    assert "Revoked" in old_row and "Revoke<" not in old_row


def test_revoking_ones_own_token_stops_it(client):
    clerk = signed_in_staff(client, TAG.list)
    key = make_token(clerk)
    token_id = tokens.list_tokens(clerk)[0].id
    response = client.post(f"/admin/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/account/tokens/"
    assert client.get("/api/portfolios/tags/", headers=auth_header(key)).status_code == 401


def test_another_users_token_cannot_be_revoked_by_a_non_admin(client):
    owner = make_user("owner", is_staff=True, permissions=[TAG.list])
    key = make_token(owner)
    token_id = tokens.list_tokens(owner)[0].id
    signed_in_staff(client, TAG.list)
    assert client.post(f"/admin/tokens/{token_id}/revoke").status_code == 404
    assert "owner" not in client.get("/admin/account/tokens/").text
    assert client.get("/api/portfolios/tags/", headers=auth_header(key)).status_code == 200


def test_an_admin_sees_and_revokes_anyones_token_from_their_page(client, boss):
    owner = make_user("owner", is_staff=True, permissions=[TAG.list])
    key = make_token(owner, "owner's script")
    token_id = tokens.list_tokens(owner)[0].id
    page = client.get(f"/admin/users/{owner.id}/").text
    assert "owner&#39;s script" in page and key not in page
    back = f"/admin/users/{owner.id}/"
    response = client.post(f"/admin/tokens/{token_id}/revoke", data={"next": back})
    assert response.headers["Location"] == back
    assert client.get("/api/portfolios/tags/", headers=auth_header(key)).status_code == 401


def test_revoke_does_not_redirect_off_site(client):
    clerk = signed_in_staff(client, TAG.list)
    make_token(clerk)
    token_id = tokens.list_tokens(clerk)[0].id
    response = client.post(f"/admin/tokens/{token_id}/revoke", data={"next": "//evil.example"})
    assert response.headers["Location"] == "/admin/account/tokens/"


def test_my_account_changes_my_password_with_the_current_one(app, client):
    clerk = signed_in_staff(client, TAG.list)
    other_browser = app.test_client()
    login(other_browser, "clerk")
    page = client.get("/admin/account/").text
    assert "My API tokens" in page and "<code>4210</code>" in page
    wrong = client.post(
        "/admin/account/password",
        data={"current_password": "nope", "password": "clerk-clerk-clerk"},
    )
    assert wrong.status_code == 400
    assert 'id="current_password-errors"' in wrong.text and 'id="password-errors"' in wrong.text
    ok = client.post(
        "/admin/account/password",
        data={"current_password": "secret-pass", "password": "harbour-lights-5"},
    )
    assert ok.status_code == 302
    db.session.refresh(clerk)
    assert password_matches(clerk, "harbour-lights-5")
    assert client.get("/admin/account/").status_code == 200  # this session goes on
    assert other_browser.get("/admin/").status_code == 302  # the other one ended


def test_every_signed_in_user_reaches_their_account_from_the_top_bar(client):
    signed_in_staff(client)
    page = client.get("/admin/").text
    assert 'href="/admin/account/"' in page


def test_account_pages_need_a_signed_in_user(client):
    assert client.get("/admin/account/tokens/").status_code == 302
    assert client.post("/admin/tokens/1/revoke").status_code == 302
