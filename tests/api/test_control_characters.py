"""Control characters in what the API is sent: refused as a 400 on their field, on SQLite
as on PostgreSQL (which cannot store NUL and answered 500)."""

import io

import pytest

from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from tests.factories import auth_header, make_image, make_portfolio
from tests.images import image_bytes

NUL = "Null characters are not allowed."
CONTROL = "Control characters are not allowed."
PORTFOLIO = {"title": "Site", "slug": "site", "excerpt": "A site."}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/portfolios/", PORTFOLIO | {"title": "Si\x00te"}, "title"),
        ("/api/portfolios/", PORTFOLIO | {"slug": "site\x00"}, "slug"),
        ("/api/portfolios/", PORTFOLIO | {"excerpt": "\x00"}, "excerpt"),
        ("/api/portfolios/", PORTFOLIO | {"description": "a\x00b"}, "description"),
        ("/api/portfolios/", PORTFOLIO | {"completed_at": "2024-01-01\x00"}, "completed_at"),
        ("/api/portfolios/", PORTFOLIO | {"tags": ["1\x00"]}, "tags"),
        ("/api/portfolios/employers/", {"name": "Acme\x00"}, "name"),
        ("/api/portfolios/employers/", {"name": "Acme", "description": "\x00"}, "description"),
        ("/api/portfolios/tags/", {"name": "\x00"}, "name"),
    ],
)
def test_nul_in_any_json_field_is_a_400_on_that_field(client, admin, path, body, field):
    response = client.post(path, json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {field: [NUL]}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("links/", {"name": "Live\x00"}, "name"),
        ("links/", {"name": "Live", "url": "https://example.com/\x00"}, "url"),
        ("links/", {"name": "Live", "description": "\x00"}, "description"),
        ("meta/", {"key": "k\x00"}, "key"),
        ("meta/", {"key": "k", "value_text": "v\x00"}, "value_text"),
    ],
)
def test_nul_in_links_and_meta_is_a_400_on_that_field(client, admin, path, body, field):
    portfolio = make_portfolio()
    response = client.post(f"/api/portfolios/{portfolio.id}/{path}", json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {field: [NUL]}


def test_nul_in_a_patch_and_in_a_media_rename_is_a_400(client, admin):
    portfolio = make_portfolio()
    response = client.patch(
        f"/api/portfolios/{portfolio.id}", json={"title": "\x00"}, headers=admin
    )
    assert (response.status_code, response.json) == (400, {"title": [NUL]})
    media = make_image()
    response = client.put(f"/api/media/{media.id}", json={"name": "a\x00"}, headers=admin)
    assert (response.status_code, response.json) == (400, {"name": [NUL]})


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_other_control_characters_are_refused_with_their_own_message(client, admin, char):
    body = PORTFOLIO | {"title": f"Site{char}", "excerpt": f"A{char}site."}
    response = client.post("/api/portfolios/", json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {"title": [CONTROL], "excerpt": [CONTROL]}


def test_tabs_and_line_breaks_stay_allowed_in_text(client, admin):
    body = PORTFOLIO | {"description": "One\tline\r\nand another.\n"}
    response = client.post("/api/portfolios/", json=body, headers=admin)
    assert response.status_code == 201
    assert response.json["description"] == "One\tline\r\nand another.\n"


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/portfolios/", "search=%00", "search"),
        ("/api/portfolios/", "slug=%00", "slug"),
        ("/api/portfolios/", "slug=a%01", "slug"),
        ("/api/portfolios/", "ordering=title%00", "ordering"),
        ("/api/portfolios/", "tags=1%00", "tags"),
        ("/api/portfolios/employers/", "search=a%00b", "search"),
        ("/api/portfolios/tags/", "search=%00", "search"),
        ("/api/media/", "search=%00", "search"),
        ("/api/media/", "type=image%00", "type"),
    ],
)
def test_nul_in_a_query_parameter_is_a_400_on_that_parameter(client, admin, path, query, field):
    make_portfolio()
    response = client.get(f"{path}?{query}", headers=admin)
    assert response.status_code == 400
    message = CONTROL if "%01" in query else NUL
    assert response.json == {field: [message]}


def test_nul_in_a_token_is_an_invalid_token_not_a_server_error(client, admin):
    response = client.get("/api/portfolios/", headers=auth_header("abc\x00def"))
    assert response.status_code == 401
    assert response.json == {"detail": "Invalid token."}


def upload(client, headers, filename: str, **form):
    form["f"] = (io.BytesIO(image_bytes()), filename)
    return client.post(
        "/api/media/", data=form, headers=headers, content_type="multipart/form-data"
    )


@pytest.mark.parametrize(
    ("filename", "message"),
    [("shell.php\x00.png", NUL), ("a\x00b\x1fc.png", NUL), ("a\x1fc.png", CONTROL)],
)
def test_control_characters_in_an_uploaded_file_name_are_a_400_and_store_nothing(
    client, admin, filename, message
):
    response = upload(client, admin, filename)
    assert response.status_code == 400
    assert response.json == {"f": [message]}
    assert db.session.query(MediaFile).count() == 0


def test_nul_in_an_upload_name_is_a_400_on_name(client, admin):
    response = upload(client, admin, "cover.png", name="Cover\x00")
    assert response.status_code == 400
    assert response.json == {"name": [NUL]}
    assert db.session.query(MediaFile).count() == 0


@pytest.mark.parametrize(
    "path", ["/api/portfolios/%00", "/api/portfolios/1%00/links/", "/media/a%00b.png", "/media/%01"]
)
def test_nul_in_a_path_segment_finds_nothing(client, admin, path):
    # No path segment reaches the database as text: ids are matched as numbers, files
    # are looked up in storage.
    assert client.get(path, headers=admin).status_code == 404
