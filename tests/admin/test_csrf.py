"""With CSRF protection on (as in production), forms and JSON endpoints need the token."""

import re

import pytest

from tests.factories import make_portfolio, make_user


@pytest.fixture
def secure_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def token_from(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_forms_and_json_endpoints_refuse_requests_without_the_token(secure_client):
    make_user("boss", is_admin=True)
    credentials = {"username": "boss", "password": "secret-pass"}
    assert secure_client.post("/admin/login", data=credentials).status_code == 400
    token = token_from(secure_client.get("/admin/login").text)
    response = secure_client.post("/admin/login", data=credentials | {"csrf_token": token})
    assert response.status_code == 302
    portfolio = make_portfolio("P")
    assert secure_client.post("/admin/tags/new", data={"name": "t"}).status_code == 400
    reorder = {"ids": [portfolio.id]}
    assert secure_client.post("/admin/portfolios/reorder", json=reorder).status_code == 400
    token = token_from(secure_client.get("/admin/").text)
    headers = {"X-CSRFToken": token}
    ok = secure_client.post("/admin/portfolios/reorder", json=reorder, headers=headers)
    assert ok.status_code == 200
    assert secure_client.post("/admin/logout").status_code == 400
    assert secure_client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
