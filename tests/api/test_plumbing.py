"""What every endpoint shares: slashes, body parsing, error shapes, encoding."""

import pytest

from tests.factories import make_employer

COLLECTIONS = ["/api/portfolios/employers", "/api/portfolios/tags"]


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("slash", ["", "/"])
def test_every_method_answers_with_and_without_trailing_slash(client, admin, collection, slash):
    created = client.post(collection + slash, json={"name": f"n{slash}"}, headers=admin)
    assert created.status_code == 201
    item = f"{collection}/{created.json['id']}{slash}"
    assert client.get(collection + slash, headers=admin).status_code == 200
    assert client.get(item, headers=admin).status_code == 200
    assert client.patch(item, json={"name": "changed"}, headers=admin).status_code == 200
    assert client.put(item, json={"name": "again"}, headers=admin).status_code == 200
    assert client.delete(item, headers=admin).status_code == 204


def test_malformed_json_is_400_with_detail(client, admin):
    response = client.post(
        "/api/portfolios/employers/",
        data=b'{"name": "x"',
        headers=admin | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json["detail"].startswith("JSON parse error")


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"42", b"null"])
def test_non_object_body_is_400_under_non_field_errors(client, admin, body):
    response = client.post(
        "/api/portfolios/employers/",
        data=body,
        headers=admin | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert list(response.json) == ["non_field_errors"]


def test_body_that_is_not_json_is_415(client, admin):
    response = client.post(
        "/api/portfolios/employers/", data="name=x", headers=admin | {"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert "text/plain" in response.json["detail"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "name", "This field is required."),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": "   "}, "name", "This field may not be blank."),
        ({"name": None}, "name", "This field may not be null."),
        ({"name": 12}, "name", "Not a valid string."),
        ({"name": ["a"]}, "name", "Not a valid string."),
        ({"name": "x" * 256}, "name", "Ensure this field has no more than 255 characters."),
        ({"name": "ok", "image": "abc"}, "image", "A valid integer is required."),
        ({"name": "ok", "image": 1.5}, "image", "A valid integer is required."),
        ({"name": "ok", "image": 0}, "image", "Ensure this value is greater than or equal to 1."),
        ({"name": "ok", "image": 2**70}, "image", None),
        ({"name": "ok", "description": 5}, "description", "Not a valid string."),
    ],
)
def test_invalid_fields_are_400_naming_the_field(client, admin, body, field, message):
    response = client.post("/api/portfolios/employers/", json=body, headers=admin)
    assert response.status_code == 400
    assert field in response.json
    if message:
        assert response.json[field] == [message]


def test_unknown_fields_are_ignored(client, admin):
    response = client.post(
        "/api/portfolios/employers/", json={"name": "Acme", "colour": "red"}, headers=admin
    )
    assert response.status_code == 201
    assert "colour" not in response.json


def test_unknown_id_is_404_with_detail(client, admin):
    response = client.get("/api/portfolios/employers/999", headers=admin)
    assert response.status_code == 404
    assert response.json == {"detail": "Not found."}


def test_unknown_path_under_api_is_json_404(client, admin):
    response = client.get("/api/nothing-here", headers=admin)
    assert response.status_code == 404
    assert response.json == {"detail": "Not found."}


def test_unsupported_method_is_405_with_detail(client, admin):
    response = client.delete("/api/portfolios/employers/", headers=admin)
    assert response.status_code == 405
    assert response.json == {"detail": 'Method "DELETE" not allowed.'}


def test_unexpected_error_is_json_500_without_internals(app, admin, monkeypatch):
    from portfolio_admin.api import serializers

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(serializers, "human_readable_size", broken)
    from tests.factories import make_image

    image = make_image()
    make_employer(image_id=image.id)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/api/portfolios/employers/", headers=admin)
    assert response.status_code == 500
    assert response.json == {"detail": "A server error occurred."}


def test_output_is_utf8_json_without_escapes(client, admin):
    response = client.post(
        "/api/portfolios/employers/", json={"name": "همکاران سیستم"}, headers=admin
    )
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "همکاران سیستم".encode() in response.data
    assert b"\\u" not in response.data


def test_responses_carry_security_headers(client, admin):
    response = client.get("/api/portfolios/employers/", headers=admin)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/api/portfolios/99999999999999999999999",
        "/api/portfolios/employers/9223372036854775808/",
        "/api/portfolios/99999999999999999999999/links/",
        "/api/media/99999999999999999999999",
    ],
)
def test_huge_ids_in_the_path_are_404(client, admin, path):
    response = client.get(path, headers=admin)
    assert response.status_code == 404
    assert response.json == {"detail": "Not found."}
