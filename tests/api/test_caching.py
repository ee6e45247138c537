"""ETags, 304s and the response cache's freshness across app instances."""

import io
import tempfile

import pytest
from flask import current_app
from psycopg.pq import Trace

from portfolio_admin import create_app
from portfolio_admin.models import ContentVersion
from portfolio_admin.models.base import db
from tests.conftest import ON_POSTGRES
from tests.factories import make_employer, make_image, make_portfolio, make_tag
from tests.images import image_bytes


@pytest.fixture
def second_instance(more_instances):
    """Another app on the same database, as a second worker or machine would be."""
    return more_instances().test_client()


def test_reads_carry_an_etag_and_a_matching_if_none_match_is_304(client, admin):
    portfolio = make_portfolio()
    for url in (f"/api/portfolios/{portfolio.id}", "/api/portfolios/"):
        first = client.get(url, headers=admin)
        assert first.status_code == 200
        etag = first.headers["ETag"]
        again = client.get(url, headers=admin | {"If-None-Match": etag})
        assert again.status_code == 304
        assert again.data == b""
        assert again.headers["ETag"] == etag


def test_a_write_changes_the_etag(client, admin):
    tag = make_tag("old")
    url = f"/api/portfolios/tags/{tag.id}"
    etag = client.get(url, headers=admin).headers["ETag"]
    client.patch(url, json={"name": "new"}, headers=admin)
    response = client.get(url, headers=admin | {"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json["name"] == "new"


def test_different_urls_have_different_etags(client, admin):
    make_tag("a")
    first = client.get("/api/portfolios/tags/", headers=admin).headers["ETag"]
    second = client.get("/api/portfolios/tags/?page_size=5", headers=admin).headers["ETag"]
    assert first != second


def test_304_still_needs_a_valid_token(client, admin):
    url = f"/api/portfolios/tags/{make_tag().id}"
    etag = client.get(url, headers=admin).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 401


def test_a_cached_read_runs_one_query_for_token_permission_and_version(client, admin, queries):
    url = f"/api/portfolios/{make_portfolio().id}"
    client.get(url, headers=admin)
    queries.clear()
    assert client.get(url, headers=admin).status_code == 200
    assert len(queries) == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="counts PostgreSQL's protocol messages")
def test_a_cached_read_sends_postgresql_one_query_and_nothing_else(client, admin):
    """What the server receives, read off libpq's trace: no BEGIN, no ROLLBACK, no
    pre-ping ``SELECT 1``, only the token, permission and version query."""
    url = f"/api/portfolios/{make_portfolio().id}"
    client.get(url, headers=admin)
    db.session.close()
    pgconns = []
    for engine in (db.engine, current_app.extensions["reads_engine"]):
        engine.dispose()  # each pool now holds one connection: a traced one
        with engine.connect() as connection:
            pgconns.append(connection.connection.dbapi_connection.pgconn)
    with tempfile.TemporaryFile("w+") as trace:
        for pgconn in pgconns:
            pgconn.trace(trace.fileno())
            pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS)
        try:
            assert client.get(url, headers=admin).status_code == 200
        finally:
            for pgconn in pgconns:
                pgconn.untrace()
        trace.seek(0)
        sent = [line.split("\t")[2].strip() for line in trace if line.startswith("F\t")]
    # Each simple Query, and each Sync ending an extended-protocol batch, is a round trip.
    assert sent.count("Query") + sent.count("Sync") == 1, sent


def _version() -> int:
    db.session.expire_all()
    return db.session.get(ContentVersion, 1).version


def test_failed_writes_do_not_bump_the_version(client, admin):
    make_tag("taken")
    before = _version()
    assert (
        client.post("/api/portfolios/tags/", json={"name": "taken"}, headers=admin).status_code
        == 400
    )
    assert _version() == before
    client.post("/api/portfolios/tags/", json={"name": "fresh"}, headers=admin)
    assert _version() == before + 1


def _upload(client, headers):
    data = {"f": (io.BytesIO(image_bytes()), "new.png")}
    return client.post(
        "/api/media/", data=data, headers=headers, content_type="multipart/form-data"
    )


WRITES = {  # kind of write -> method, path, body
    "portfolio": ("PATCH", "/api/portfolios/{p}", {"title": "Changed"}),
    "tag": ("PATCH", "/api/portfolios/tags/{t}", {"name": "changed"}),
    "employer": ("PATCH", "/api/portfolios/employers/{e}", {"name": "changed"}),
    "media": ("PATCH", "/api/media/{m}", {"name": "changed"}),
    "link": ("POST", "/api/portfolios/{p}/links/", {"name": "changed"}),
    "meta": ("POST", "/api/portfolios/{p}/meta/", {"key": "changed"}),
    "media delete": ("DELETE", "/api/media/{m}", None),
    "gallery": ("PATCH", "/api/portfolios/{p}", {"images": "uploaded"}),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_write_on_one_instance_is_seen_by_the_next_read_on_another(
    client, second_instance, admin, kind
):
    image = make_image("cover")
    employer = make_employer("Acme", image_id=image.id)
    tag = make_tag("web", image_id=image.id)
    portfolio = make_portfolio(image=image.id, employer=employer.id, tags=[tag.id])
    ids = {"p": portfolio.id, "t": tag.id, "e": employer.id, "m": image.id}
    url = f"/api/portfolios/{portfolio.id}"
    listing = "/api/portfolios/"
    before = second_instance.get(url, headers=admin).json
    before_list = second_instance.get(listing, headers=admin).json
    assert second_instance.get(url, headers=admin).json == before  # now served from cache

    method, path, body = WRITES[kind]
    if body == {"images": "uploaded"}:
        body = {"images": [_upload(client, admin).json["id"]]}
    response = client.open(path.format(**ids), method=method, json=body, headers=admin)
    assert response.status_code in (200, 201, 204), response.json

    after = second_instance.get(url, headers=admin).json
    assert after != before
    assert second_instance.get(listing, headers=admin).json["results"][0] == after
    assert before_list["results"][0] == before


def test_the_cache_can_be_turned_off(database_uri, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "x",
            "MEDIA_ROOT": str(tmp_path / "m"),
            "INSTANCE_PATH": str(tmp_path / "i"),
            "RESPONSE_CACHE": False,
        }
    )
    assert "response_cache" not in app.extensions
