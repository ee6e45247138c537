"""Signed-in sessions are kept on the server: signing out, a new password or a
deactivation ends them, whatever cookies a browser (or a thief) saved; each user sees
and ends their own, administrators anyone's."""

from datetime import timedelta

import jdatetime
import pytest
from babel.dates import format_date
from flask import g
from sqlalchemy import select, update

from portfolio_admin.models import UserSession
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import token_digest
from tests.admin.conftest import login
from tests.admin.test_csrf import token_from
from tests.factories import auth_header, make_portfolio, make_token, make_user

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def saved_cookies(client) -> dict[str, str]:
    """The admin cookies the browser holds now, as someone copying them would keep them."""
    return {
        name: cookie.value
        for name in ("session", "remember_token")
        if (cookie := client.get_cookie(name)) is not None
    }


def restore(client, cookies: dict[str, str]) -> None:
    """Put saved cookies back, as a replaying browser would."""
    for name, value in cookies.items():
        client.set_cookie(name, value)


def signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def browser(app, username="boss", user_agent=FIREFOX, address="192.0.2.10", **extra):
    """Another browser (a test client of its own), signed in as ``username``."""
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": address})
    assert login(client, username, **extra).status_code == 302
    return client


def stored_sessions(user=None) -> list[UserSession]:
    db.session.expire_all()
    stmt = select(UserSession).order_by(UserSession.id)
    if user is not None:
        stmt = stmt.where(UserSession.user_id == user.id)
    return list(db.session.scalars(stmt))


def test_a_saved_session_cookie_no_longer_opens_the_admin_after_sign_out(client):
    make_user("boss", is_admin=True)
    login(client)
    saved = saved_cookies(client)
    assert "session" in saved
    client.post("/admin/logout")
    restore(client, saved)
    assert signed_out(client.get("/admin/"))


def test_a_saved_remember_cookie_no_longer_opens_the_admin_after_sign_out(client):
    make_user("boss", is_admin=True)
    login(client, remember="y")
    saved = saved_cookies(client)
    assert "remember_token" in saved
    client.post("/admin/logout")
    restore(client, {"remember_token": saved["remember_token"]})
    assert signed_out(client.get("/admin/"))


def test_sign_out_deletes_the_row_and_only_a_digest_of_the_key_is_stored(client):
    make_user("boss", is_admin=True)
    login(client, remember="y")
    key = client.get_cookie("remember_token").value.split("|")[0]
    (row,) = stored_sessions()
    assert row.digest == token_digest(key) and key not in row.digest
    client.post("/admin/logout")
    assert stored_sessions() == []


def test_keep_me_signed_in_outlasts_the_idle_limit_but_a_plain_session_does_not(app):
    make_user("boss", is_admin=True)
    app.config["SESSION_IDLE_MINUTES"] = 0  # a plain session ends at once
    plain = browser(app)
    kept = browser(app, remember="y")
    assert signed_out(plain.get("/admin/"))
    kept.delete_cookie("session")  # the browser was closed; the remember cookie stays
    assert kept.get("/admin/").status_code == 200
    remembered = [row for row in stored_sessions() if row.remember]
    assert remembered[0].expires_at - utcnow() > timedelta(days=364)


def test_expired_sessions_are_deleted_when_someone_signs_in(app):
    make_user("boss", is_admin=True)
    app.config["SESSION_IDLE_MINUTES"] = 0
    browser(app)
    assert len(stored_sessions()) == 1
    app.config["SESSION_IDLE_MINUTES"] = 60
    browser(app)
    (left,) = stored_sessions()
    assert left.expires_at > utcnow()


def test_signing_in_again_in_the_same_browser_replaces_its_session(client):
    make_user("boss", is_admin=True)
    login(client)
    (first,) = stored_sessions()
    first_digest = first.digest
    login(client)
    (second,) = stored_sessions()
    assert second.digest != first_digest


def test_last_seen_is_written_at_most_once_a_minute_and_extends_a_plain_session(
    app, client, queries
):
    boss = make_user("boss", is_admin=True)
    login(client)
    queries.clear()
    for _ in range(3):
        assert client.get("/admin/").status_code == 200
    writes = [q for q in queries if q.lstrip().upper().startswith("UPDATE USER_SESSIONS")]
    assert writes == []

    earlier = utcnow() - timedelta(minutes=2)
    soon = utcnow() + timedelta(seconds=30)
    db.session.execute(update(UserSession).values(last_seen_at=earlier, expires_at=soon))
    db.session.commit()
    queries.clear()
    for _ in range(3):
        assert client.get("/admin/").status_code == 200
    writes = [q for q in queries if q.lstrip().upper().startswith("UPDATE USER_SESSIONS")]
    assert len(writes) == 1
    (row,) = stored_sessions(boss)
    assert row.last_seen_at > earlier
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    assert row.expires_at - row.last_seen_at == idle


def test_the_api_runs_no_session_query_even_when_the_browser_sends_its_cookies(
    app, client, queries
):
    boss = make_user("boss", is_admin=True)
    headers = auth_header(make_token(boss))
    url = f"/api/portfolios/{make_portfolio().id}"
    cookieless = app.test_client()
    cookieless.get(url, headers=headers)
    queries.clear()
    assert cookieless.get(url, headers=headers).status_code == 200
    without_cookies = len(queries)

    login(client, remember="y")
    assert client.get_cookie("remember_token") is not None
    queries.clear()
    assert client.get(url, headers=headers).status_code == 200
    assert len(queries) == without_cookies == 1
    assert not any("user_sessions" in q for q in queries)


def test_changing_my_password_ends_my_other_sessions_and_renews_this_ones_key(app, client):
    boss = make_user("boss", is_admin=True)
    phone = browser(app, user_agent=IPHONE, remember="y")
    login(client, remember="y")
    before = saved_cookies(client)
    response = client.post(
        "/admin/account/password",
        data={"current_password": "secret-pass", "password": "olive-meadow-31"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.delete_cookie("session")
    assert client.get("/admin/").status_code == 200  # the renewed remember cookie works
    phone.delete_cookie("session")
    assert signed_out(phone.get("/admin/"))
    thief = app.test_client()
    restore(thief, before)  # a copy of this browser's cookies from before the change
    assert signed_out(thief.get("/admin/"))
    thief.delete_cookie("session")
    assert signed_out(thief.get("/admin/"))
    assert len(stored_sessions(boss)) == 1


def test_a_wrong_current_password_ends_nothing(app, client):
    boss = make_user("boss", is_admin=True)
    phone = browser(app, user_agent=IPHONE)
    login(client)
    response = client.post(
        "/admin/account/password", data={"current_password": "wrong", "password": "olive-meadow-31"}
    )
    assert response.status_code == 400
    assert phone.get("/admin/").status_code == 200
    assert len(stored_sessions(boss)) == 2


def test_deactivation_ends_every_session_including_remembered_ones(app, client):
    make_user("boss", is_admin=True)
    clerk = make_user("clerk", is_staff=True)
    kept = browser(app, "clerk", remember="y")
    plain = browser(app, "clerk")
    login(client)
    assert client.post(f"/admin/users/{clerk.id}/deactivate").status_code == 302
    assert stored_sessions(clerk) == []
    kept.delete_cookie("session")
    assert signed_out(kept.get("/admin/")) and signed_out(plain.get("/admin/"))
    # Activated again, the old cookies stay dead.
    assert client.post(f"/admin/users/{clerk.id}/activate").status_code == 302
    assert signed_out(kept.get("/admin/")) and signed_out(plain.get("/admin/"))


def test_my_account_lists_my_sessions_with_this_one_marked(app, client):
    boss = make_user("boss", is_admin=True)
    make_user("other", is_admin=True)
    browser(app, "other")  # someone else's session is not listed
    browser(app, user_agent=IPHONE, address="198.51.100.7", remember="y")
    client.environ_base.update({"HTTP_USER_AGENT": FIREFOX, "REMOTE_ADDR": "192.0.2.10"})
    login(client)
    page = client.get("/admin/account/").text
    assert "Your sessions" in page
    assert page.count("<tr") == 3  # the heading row and my two sessions
    assert "Firefox 128 on Windows 10" in page and "Mobile Safari 17 on iOS 17" in page
    assert "198.51.100.7" in page and "192.0.2.10" in page
    assert page.count("This browser") == 1 and page.count("Kept signed in") == 1
    mine = [row.id for row in stored_sessions(boss)]
    # Every session but this one has its own sign-out button.
    assert f"/admin/account/sessions/{mine[0]}/end" in page
    assert f"/admin/account/sessions/{mine[1]}/end" not in page
    assert format_date(utcnow().date(), "d MMM y", locale="en") in page


def test_my_sessions_page_in_persian_shows_jalali_dates_and_translated_text(app, client):
    boss = make_user("boss", is_admin=True)
    boss.language = "fa"
    db.session.commit()
    login(client)
    page = client.get("/admin/account/").text
    assert 'dir="rtl"' in page and "نشست‌های شما" in page and "همین مرورگر" in page
    today = jdatetime.date.fromgregorian(date=utcnow().date())
    assert jdatetime.date.j_months_fa[today.month - 1] in page
    assert "\u2066" in page  # the Gregorian date beside it, isolated left-to-right


def test_sign_out_all_others_keeps_this_one(app, client):
    boss = make_user("boss", is_admin=True)
    phone = browser(app, user_agent=IPHONE, remember="y")
    laptop = browser(app)
    login(client)
    response = client.post("/admin/account/sessions/end-others")
    assert response.status_code == 302
    assert "2 other sessions signed out." in client.get("/admin/account/").text
    assert signed_out(phone.get("/admin/")) and signed_out(laptop.get("/admin/"))
    phone.delete_cookie("session")
    assert signed_out(phone.get("/admin/"))  # the remember cookie ended too
    assert client.get("/admin/").status_code == 200
    assert len(stored_sessions(boss)) == 1


def test_sign_out_one_other_session_from_my_account(app, client):
    boss = make_user("boss", is_admin=True)
    phone = browser(app, user_agent=IPHONE)
    laptop = browser(app)
    login(client)
    phone_session = stored_sessions(boss)[0]
    response = client.post(f"/admin/account/sessions/{phone_session.id}/end")
    assert response.status_code == 302
    assert signed_out(phone.get("/admin/"))
    assert laptop.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_ending_this_browsers_own_row_from_the_list_signs_it_out(client):
    boss = make_user("boss", is_admin=True)
    login(client)
    (mine,) = stored_sessions(boss)
    response = client.post(f"/admin/account/sessions/{mine.id}/end")
    assert signed_out(response)
    assert signed_out(client.get("/admin/"))


def test_nobody_ends_someone_elses_session_from_their_own_account(app, client):
    boss = make_user("boss", is_admin=True)
    make_user("clerk", is_staff=True)
    victim = browser(app)
    (target,) = stored_sessions(boss)
    clerk = browser(app, "clerk")
    assert clerk.post(f"/admin/account/sessions/{target.id}/end").status_code == 404
    assert clerk.post("/admin/account/sessions/99999999999999999999/end").status_code == 404
    assert victim.get("/admin/").status_code == 200


def test_an_administrator_ends_a_users_sessions_from_their_page(app, client):
    make_user("boss", is_admin=True)
    clerk = make_user("clerk", is_staff=True)
    kept = browser(app, "clerk", user_agent=IPHONE, remember="y")
    login(client)
    page = client.get(f"/admin/users/{clerk.id}/").text
    assert "Mobile Safari 17 on iOS 17" in page and "Sign out everywhere" in page
    response = client.post(f"/admin/users/{clerk.id}/sessions/end")
    assert response.status_code == 302
    assert "“clerk” was signed out of 1 session." in client.get(response.headers["Location"]).text
    kept.delete_cookie("session")
    assert signed_out(kept.get("/admin/"))
    assert client.get("/admin/").status_code == 200


def test_only_administrators_end_other_users_sessions(app, client):
    boss = make_user("boss", is_admin=True)
    make_user("clerk", is_staff=True)
    mine = browser(app)
    clerk = browser(app, "clerk")
    assert clerk.post(f"/admin/users/{boss.id}/sessions/end").status_code == 403
    assert mine.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/account/sessions/end-others",
        "/admin/account/sessions/{other}/end",
        "/admin/users/{clerk}/sessions/end",
    ],
)
def test_every_session_form_needs_the_csrf_token(app, path):
    app.config["WTF_CSRF_ENABLED"] = True

    # Flask-WTF keeps a token per app context, which the test's outlives: several
    # browsers here each need their own, as in real requests.
    @app.before_request
    def forget_csrf_token():
        g.pop("csrf_token", None)

    make_user("boss", is_admin=True)
    clerk = make_user("clerk", is_staff=True)
    victims = [app.test_client() for _ in range(2)]
    for victim, name in zip(victims, ("boss", "clerk"), strict=True):
        csrf = token_from(victim.get("/admin/login").text)
        login(victim, name, csrf_token=csrf)
    admin = app.test_client()
    login(admin, csrf_token=token_from(admin.get("/admin/login").text))
    other = stored_sessions()[0].id
    url = path.format(other=other, clerk=clerk.id)
    assert admin.post(url).status_code == 400
    assert len(stored_sessions()) == 3
    csrf = token_from(admin.get("/admin/").text)
    assert admin.post(url, data={"csrf_token": csrf}).status_code == 302
    assert len(stored_sessions()) == 2
