"""Conditional writes: every item's strong ETag follows its own representation, and
``If-Match`` on PUT, PATCH and DELETE writes only over the representation it names."""

import io
import json
import threading
import urllib.error
import urllib.request

import pytest

from portfolio_admin import create_app
from portfolio_admin.api.conditional import STALE
from tests.factories import make_portfolio
from tests.images import image_bytes

# kind -> collection, body to create the n-th one, a PATCH body, a full PUT body
KINDS = {
    "employers": (
        "/api/portfolios/employers/",
        lambda n: {"name": f"Acme {n}"},
        {"name": "Changed"},
        {"name": "Replaced", "description": "new"},
    ),
    "tags": (
        "/api/portfolios/tags/",
        lambda n: {"name": f"web {n}"},
        {"name": "changed"},
        {"name": "replaced"},
    ),
    "portfolios": (
        "/api/portfolios/",
        lambda n: {"title": f"Site {n}", "slug": f"site-{n}", "excerpt": "short"},
        {"title": "Changed"},
        {"title": "Replaced", "slug": "replaced", "excerpt": "new"},
    ),
    "links": (
        "/api/portfolios/{p}/links/",
        lambda n: {"name": f"Home {n}"},
        {"name": "Changed"},
        {"name": "Replaced", "url": "https://example.com/"},
    ),
    "meta": (
        "/api/portfolios/{p}/meta/",
        lambda n: {"key": f"role {n}"},
        {"key": "changed"},
        {"key": "replaced", "value_text": "new"},
    ),
    "media": ("/api/media/", None, {"name": "changed"}, {"name": "replaced"}),
}


def _create(client, admin, kind: str, n: int = 1, parent: int | None = None):
    """A new item of ``kind`` made through the API: (its URL, the create response)."""
    collection, body, _, _ = KINDS[kind]
    if parent is None:
        parent = make_portfolio(f"Parent {kind} {n}").id
    collection = collection.format(p=parent)
    if kind == "media":
        data = {"f": (io.BytesIO(image_bytes()), f"photo-{n}.png")}
        response = client.post(
            collection, data=data, headers=admin, content_type="multipart/form-data"
        )
    else:
        response = client.post(collection, json=body(n), headers=admin)
    assert response.status_code == 201, response.json
    return f"{collection}{response.json['id']}", response


def _etag(client, admin, url: str) -> str:
    response = client.get(url, headers=admin)
    assert response.status_code == 200
    return response.headers["ETag"]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_a_matching_if_match_writes_and_answers_the_etag_the_next_get_returns(
    client, admin, kind, method
):
    url, created = _create(client, admin, kind)
    etag = _etag(client, admin, url)
    assert created.headers["ETag"] == etag
    assert not created.headers["ETag"].startswith("W/")

    body = KINDS[kind][2] if method == "PATCH" else KINDS[kind][3]
    response = client.open(url, method=method, json=body, headers=admin | {"If-Match": etag})
    assert response.status_code == 200, response.json
    new = response.headers["ETag"]
    assert new != etag

    again = client.get(url, headers=admin)
    assert again.headers["ETag"] == new
    assert again.json == response.json
    not_modified = client.get(url, headers=admin | {"If-None-Match": new})
    assert not_modified.status_code == 304
    assert not_modified.headers["ETag"] == new


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
def test_a_stale_if_match_is_412_and_changes_nothing(client, admin, kind, method):
    url, _ = _create(client, admin, kind)
    stale = _etag(client, admin, url)
    assert client.patch(url, json=KINDS[kind][2], headers=admin).status_code == 200
    before = client.get(url, headers=admin)

    body = None if method == "DELETE" else KINDS[kind][3]  # a change not made yet
    response = client.open(url, method=method, json=body, headers=admin | {"If-Match": stale})
    assert response.status_code == 412
    assert response.json == {"detail": STALE}

    after = client.get(url, headers=admin)
    assert after.status_code == 200
    assert after.json == before.json
    assert after.headers["ETag"] == before.headers["ETag"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_if_match_star_matches_any_existing_item(client, admin, kind):
    url, _ = _create(client, admin, kind)
    star = admin | {"If-Match": "*"}
    response = client.patch(url, json=KINDS[kind][2], headers=star)
    assert response.status_code == 200
    assert response.headers["ETag"] == _etag(client, admin, url)
    assert client.delete(url, headers=star).status_code == 204
    assert client.patch(url, json=KINDS[kind][2], headers=star).status_code == 404
    assert client.delete(url, headers=star).status_code == 404


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_write_to_another_item_keeps_an_items_etag(client, admin, kind):
    parent = make_portfolio("Parent").id
    url, _ = _create(client, admin, kind, parent=parent)
    etag = _etag(client, admin, url)

    sibling, _ = _create(client, admin, kind, n=2, parent=parent)
    assert client.patch(sibling, json=KINDS[kind][2], headers=admin).status_code == 200
    elsewhere, _ = _create(client, admin, "portfolios", n=3)
    assert client.patch(elsewhere, json={"title": "Other"}, headers=admin).status_code == 200
    tag, _ = _create(client, admin, "tags", n=4)
    assert client.delete(tag, headers=admin).status_code == 204

    response = client.get(url, headers=admin | {"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag
    still_current = admin | {"If-Match": etag}
    assert client.patch(url, json=KINDS[kind][3], headers=still_current).status_code == 200


def test_a_change_to_what_a_portfolio_shows_changes_its_etag(client, admin):
    employer, _ = _create(client, admin, "employers")
    portfolio, _ = _create(client, admin, "portfolios")
    employer_id = int(employer.rsplit("/", 1)[1])
    client.patch(portfolio, json={"employer": employer_id}, headers=admin)
    etag = _etag(client, admin, portfolio)

    client.patch(employer, json={"name": "Renamed"}, headers=admin)
    response = client.get(portfolio, headers=admin | {"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json["employer_data"]["name"] == "Renamed"
    stale = admin | {"If-Match": etag}
    assert client.patch(portfolio, json={"title": "Mine"}, headers=stale).status_code == 412


def test_if_match_may_list_several_tags_but_a_weak_one_never_matches(client, admin):
    url, _ = _create(client, admin, "tags")
    etag = _etag(client, admin, url)
    weak = admin | {"If-Match": f"W/{etag}"}
    assert client.patch(url, json={"name": "weak"}, headers=weak).status_code == 412
    several = admin | {"If-Match": f'"elsewhere", {etag}'}
    assert client.patch(url, json={"name": "listed"}, headers=several).status_code == 200


def test_a_write_without_if_match_goes_ahead_over_any_change(client, admin):
    url, _ = _create(client, admin, "tags")
    assert client.patch(url, json={"name": "first"}, headers=admin).status_code == 200
    response = client.patch(url, json={"name": "second"}, headers=admin)
    assert response.status_code == 200
    assert response.json["name"] == "second"


def _patch(url: str, key: str, body: dict, etag: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={
            "Authorization": f"Token {key}",
            "Content-Type": "application/json",
            "If-Match": etag,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("kind", ["tags", "links"])
def test_simultaneous_writes_with_one_if_match_let_exactly_one_through(
    client, admin, admin_key, live_server, kind
):
    url, _ = _create(client, admin, kind)
    etag = _etag(client, admin, url)
    field = next(iter(KINDS[kind][2]))
    clients = 8
    barrier = threading.Barrier(clients)
    statuses = {}

    def write(n: int):
        barrier.wait()
        statuses[n] = _patch(live_server + url, admin_key, {field: f"writer {n}"}, etag)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(statuses.values()) == [200] + [412] * (clients - 1)
    (winner,) = [n for n, status in statuses.items() if status == 200]
    assert client.get(url, headers=admin).json[field] == f"writer {winner}"


def test_item_writes_document_if_match_and_412_and_items_their_etag(client):
    document = client.get("/api/openapi.json").json
    conditional = 0
    for path, operations in document["paths"].items():
        item = not path.endswith("/")
        for method, spec in operations.items():
            headers = [p["name"] for p in spec.get("parameters", []) if p["in"] == "header"]
            writes_item = item and method in ("put", "patch", "delete")
            assert (headers == ["If-Match"]) == writes_item, (path, method)
            assert ("412" in spec["responses"]) == writes_item, (path, method)
            conditional += writes_item
            success = spec["responses"].get("200") or spec["responses"].get("201")
            if success and (item or method == "post"):
                assert "ETag" in success["headers"], (path, method)
    # each resource's item, a portfolio's draft and schedule, and a media file's replacement
    assert conditional == 6 * 3 + 3 + 1 + 1


def test_browsers_may_send_if_match_from_allowed_origins(app, database_uri):
    cors = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "x",
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "INSTANCE_PATH": app.instance_path,
            "CORS_ORIGINS": ["https://studio.example"],
        }
    ).test_client()
    response = cors.options(
        "/api/portfolios/tags/1",
        headers={
            "Origin": "https://studio.example",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "If-Match",
        },
    )
    assert response.status_code == 200
    assert "if-match" in response.headers["Access-Control-Allow-Headers"].lower()
