"""HSTS in production, and admin pages that no cache keeps."""

import pytest

from tests.admin.conftest import login
from tests.factories import make_user

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "transport-" + "k" * 40}
HSTS = "max-age=31536000"


@pytest.mark.parametrize("path", ["/healthz", "/admin/login", "/api/portfolios/", "/nowhere"])
def test_production_answers_carry_strict_transport_security(more_instances, path):
    response = more_instances(**PRODUCTION).test_client().get(path)
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_development_on_http_sends_no_strict_transport_security(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_hsts_lifetime_is_a_setting_and_0_turns_it_off(more_instances):
    for seconds, expected in ((600, "max-age=600"), (0, None)):
        app = more_instances(**PRODUCTION, HSTS_MAX_AGE=seconds)
        assert (
            app.test_client().get("/healthz").headers.get("Strict-Transport-Security") == expected
        )


def test_admin_pages_are_not_stored_by_any_cache(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    make_user("boss", is_admin=True)
    assert login(client).status_code == 302
    for path in ("/admin/", "/admin/users/", "/admin/media/choose.json", "/admin/missing"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_static_files_and_api_reads_keep_their_caching(client, admin):
    assert "no-store" not in client.get("/static/admin/admin.css").headers.get("Cache-Control", "")
    api = client.get("/api/portfolios/", headers=admin)
    assert "ETag" in api.headers and "Cache-Control" not in api.headers
