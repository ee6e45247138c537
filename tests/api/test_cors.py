"""CORS: only configured origins may call the API from a browser."""

import pytest

from portfolio_admin import create_app
from tests.factories import make_tag


@pytest.fixture
def cors_client(app, database_uri):
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "x",
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "INSTANCE_PATH": app.instance_path,
            "CORS_ORIGINS": ["https://studio.example"],
        }
    )
    return other.test_client()


def test_no_origin_is_allowed_by_default(client, admin):
    response = client.get("/api/portfolios/tags/", headers=admin | {"Origin": "https://x.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_origin_is_allowed_and_sees_the_etag(cors_client, admin):
    make_tag()
    headers = admin | {"Origin": "https://studio.example"}
    response = cors_client.get("/api/portfolios/tags/", headers=headers)
    assert response.headers["Access-Control-Allow-Origin"] == "https://studio.example"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_preflight_is_answered_without_a_token(cors_client):
    response = cors_client.options(
        "/api/portfolios/",
        headers={
            "Origin": "https://studio.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://studio.example"
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_other_origins_are_not_allowed(cors_client, admin):
    headers = admin | {"Origin": "https://evil.example"}
    response = cors_client.get("/api/portfolios/tags/", headers=headers)
    assert "Access-Control-Allow-Origin" not in response.headers
