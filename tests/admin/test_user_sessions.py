"""Signed-in sessions are kept on the server: signing out, a new password or a
deactivation ends them, whatever cookies a browser (or a thief) saved."""

from tests.admin.conftest import login
from tests.factories import make_user


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


def test_a_saved_session_cookie_no_longer_opens_the_admin_after_sign_out(client):
    make_user("boss", is_admin=True)
    login(client)
    saved = saved_cookies(client)
    assert "session" in saved
    client.post("/admin/logout")
    restore(client, saved)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_a_saved_remember_cookie_no_longer_opens_the_admin_after_sign_out(client):
    make_user("boss", is_admin=True)
    login(client, remember="y")
    saved = saved_cookies(client)
    assert "remember_token" in saved
    client.post("/admin/logout")
    restore(client, {"remember_token": saved["remember_token"]})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
