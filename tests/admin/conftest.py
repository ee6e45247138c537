"""Admin view tests post forms without CSRF tokens (``test_csrf.py`` checks them)."""

import pytest
from flask import g

from tests.factories import make_user


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = False

    # The test's app context outlives each request, and with it Flask-Login's cached
    # user and Flask-Babel's cached locale; a real request starts without them.
    @app.before_request
    def forget_cached_user():
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    return app


def login(client, username="boss", password="secret-pass", **extra):
    """Sign in through the form; returns the response."""
    data = {"username": username, "password": password} | extra
    return client.post("/admin/login", data=data)


@pytest.fixture
def boss(client):
    """A signed-in admin."""
    user = make_user("boss", is_admin=True)
    login(client)
    return user


def signed_in_staff(client, *codes, username="clerk"):
    """A signed-in staff member holding exactly ``codes``."""
    user = make_user(username, is_staff=True, permissions=codes)
    response = login(client, username)
    assert response.status_code == 302, response.text
    return user
