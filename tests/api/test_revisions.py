"""``/api/portfolios/:id/revisions/``: a revision per write, listing, detail and restore."""

from sqlalchemy import func, select

from portfolio_admin.models import PortfolioRevision
from portfolio_admin.models.base import db
from tests.factories import make_employer, make_image, make_portfolio, make_tag, staff_with

URL = "/api/portfolios/"
ITEM_KEYS = ["id", "created_at", "user", "via", "summary"]


def revisions_url(portfolio_id, *rest):
    return f"{URL}{portfolio_id}/revisions/" + "".join(f"{part}/" for part in rest)


def listed(client, headers, portfolio_id):
    response = client.get(revisions_url(portfolio_id), headers=headers)
    assert response.status_code == 200
    return response.json["results"]


def create(client, headers, **fields):
    body = {"title": "Site", "slug": "site", "excerpt": "short"} | fields
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_every_api_write_stores_a_revision_naming_what_changed(client, admin):
    tag = make_tag("web")
    portfolio = create(client, admin)
    pk = portfolio["id"]
    client.patch(f"{URL}{pk}", json={"title": "Site 2", "excerpt": "longer"}, headers=admin)
    client.patch(f"{URL}{pk}", json={"tags": [tag.id]}, headers=admin)
    client.post(f"{URL}{pk}/links/", json={"name": "demo"}, headers=admin)
    client.post(f"{URL}{pk}/meta/", json={"key": "client"}, headers=admin)
    client.patch(f"{URL}{pk}", json={"title": "Site 2"}, headers=admin)  # no change: none

    items = listed(client, admin, pk)
    assert [item["summary"] for item in items] == [
        "meta", "links", "tags", "title, excerpt", "created",
    ]  # fmt: skip
    assert list(items[0]) == ITEM_KEYS
    assert {(item["user"], item["via"]) for item in items} == {("root", "api")}
    assert items[0]["created_at"].endswith("Z")


def test_a_write_stores_its_revisions_in_one_insert(client, admin, queries):
    image, tag = make_image(), make_tag()
    first, second = create(client, admin), create(client, admin, title="B", slug="b")
    queries.clear()
    body = {"images": [image.id], "tags": [tag.id], "image": image.id, "title": "New"}
    assert client.patch(f"{URL}{first['id']}", json=body, headers=admin).status_code == 200
    inserts = [
        q for q in queries if q.lstrip().upper().startswith("INSERT INTO PORTFOLIO_REVISIONS")
    ]
    assert len(inserts) == 1
    assert [i["summary"] for i in listed(client, admin, first["id"])][
        0
    ] == "title, image, tags, images"
    assert len(listed(client, admin, second["id"])) == 1


def test_a_failed_write_stores_no_revision(client, admin):
    portfolio = create(client, admin)
    create(client, admin, title="Other", slug="other")
    response = client.patch(f"{URL}{portfolio['id']}", json={"slug": "other"}, headers=admin)
    assert response.status_code == 400
    assert len(listed(client, admin, portfolio["id"])) == 1


def test_detail_shows_the_portfolio_as_the_api_showed_it_then(client, admin):
    image = make_image("cover")
    portfolio = create(client, admin, image=image.id, images=[image.id])
    changed = client.patch(f"{URL}{portfolio['id']}", json={"title": "Later"}, headers=admin)
    older, newer = reversed(listed(client, admin, portfolio["id"]))

    detail = client.get(revisions_url(portfolio["id"], older["id"]), headers=admin).json
    assert list(detail) == [*ITEM_KEYS, "portfolio"]
    assert detail["portfolio"] == portfolio
    assert detail["portfolio"]["image_data"]["f"].startswith("http://localhost/media/")
    newer_detail = client.get(revisions_url(portfolio["id"], newer["id"]), headers=admin).json
    assert newer_detail["portfolio"] == changed.json


def test_urls_are_stored_without_a_host_and_shown_with_the_readers(client, admin):
    image = make_image("cover")
    portfolio = make_portfolio(image=image.id)  # no request: as a command would
    stored = db.session.scalars(select(PortfolioRevision)).one()
    assert (stored.via, stored.user_id, stored.summary) == ("cli", None, "created")
    assert stored.data["image_data"]["f"].startswith("/media/")
    shown = client.get(
        revisions_url(portfolio.id, stored.id), headers=admin, base_url="https://example.org"
    ).json["portfolio"]["image_data"]
    assert shown["f"] == "https://example.org" + stored.data["image_data"]["f"]
    assert all(t["f"].startswith("https://example.org/media/") for t in shown["thumbnails"])
    srcset = [candidate.split(" ")[0] for candidate in shown["srcset"].split(", ")]
    assert srcset and all(url.startswith("https://example.org/media/") for url in srcset)


def test_restore_brings_back_fields_links_meta_and_is_a_new_revision(client, admin):
    tag = make_tag("web")
    portfolio = create(client, admin, tags=[tag.id], description="first words")
    pk = portfolio["id"]
    link = client.post(f"{URL}{pk}/links/", json={"name": "demo"}, headers=admin).json
    client.post(f"{URL}{pk}/meta/", json={"key": "client", "value_text": "A"}, headers=admin)
    wanted = listed(client, admin, pk)[0]
    state = client.get(f"{URL}{pk}", headers=admin).json

    client.patch(f"{URL}{pk}", json={"title": "Other", "tags": [], "order": 5}, headers=admin)
    client.delete(f"{URL}{pk}/links/{link['id']}", headers=admin)
    client.post(f"{URL}{pk}/links/", json={"name": "extra"}, headers=admin)
    client.post(f"{URL}{pk}/meta/", json={"key": "year", "value_text": "2020"}, headers=admin)

    response = client.post(revisions_url(pk, wanted["id"], "restore"), headers=admin)
    assert response.status_code == 200
    now = client.get(f"{URL}{pk}", headers=admin).json
    assert response.json == now
    assert now["title"] == "Site" and now["order"] == 0 and now["tags_data"] == state["tags_data"]
    assert [k["name"] for k in now["links_data"]] == ["demo"]
    assert [(m["key"], m["value_text"]) for m in now["meta"]] == [("client", "A")]
    newest = listed(client, admin, pk)[0]
    assert newest["id"] > wanted["id"]
    assert newest["summary"] == "title, order, tags, links, meta"


def test_restore_leaves_out_media_and_tags_deleted_since(client, admin):
    kept, gone = make_image("kept"), make_image("gone")
    tag, employer = make_tag("old"), make_employer("Old Co")
    portfolio = create(
        client, admin, image=gone.id, images=[kept.id, gone.id], tags=[tag.id], employer=employer.id
    )
    wanted = listed(client, admin, portfolio["id"])[0]
    assert client.delete(f"/api/media/{gone.id}", headers=admin).status_code == 204
    assert client.delete(f"{URL}tags/{tag.id}", headers=admin).status_code == 204
    assert client.delete(f"{URL}employers/{employer.id}", headers=admin).status_code == 204
    client.patch(f"{URL}{portfolio['id']}", json={"images": []}, headers=admin)

    response = client.post(revisions_url(portfolio["id"], wanted["id"], "restore"), headers=admin)
    assert response.status_code == 200
    assert [i["id"] for i in response.json["images_data"]] == [kept.id]
    assert response.json["image_data"] is None
    assert response.json["tags_data"] == []
    assert response.json["employer_data"] is None


def test_reading_needs_retrieve_and_restoring_needs_update(client, admin):
    portfolio = create(client, admin)
    rid = listed(client, admin, portfolio["id"])[0]["id"]
    reader, lister = staff_with(4202, username="reader"), staff_with(4200, username="lister")
    restore = revisions_url(portfolio["id"], rid, "restore")
    assert client.get(revisions_url(portfolio["id"]), headers=lister).status_code == 403
    assert client.get(revisions_url(portfolio["id"], rid), headers=lister).status_code == 403
    assert client.get(revisions_url(portfolio["id"], rid), headers=reader).status_code == 200
    assert client.post(restore, headers=reader).status_code == 403
    assert client.post(restore, headers=staff_with(4203, username="editor")).status_code == 200
    assert client.get(revisions_url(portfolio["id"]), headers={}).status_code == 401


def test_revisions_of_another_or_a_missing_portfolio_are_404(client, admin):
    mine, other = create(client, admin), create(client, admin, title="B", slug="b")
    rid = listed(client, admin, other["id"])[0]["id"]
    assert client.get(revisions_url(mine["id"], rid), headers=admin).status_code == 404
    assert client.post(revisions_url(mine["id"], rid, "restore"), headers=admin).status_code == 404
    assert client.get(revisions_url(9999), headers=admin).status_code == 404
    assert client.get(revisions_url(mine["id"], 9999), headers=admin).status_code == 404


def test_the_list_is_paginated(client, admin):
    portfolio = create(client, admin)
    for n in range(3):
        client.patch(f"{URL}{portfolio['id']}", json={"order": n + 1}, headers=admin)
    page = client.get(revisions_url(portfolio["id"]) + "?page_size=3", headers=admin).json
    assert page["count"] == 4 and len(page["results"]) == 3
    assert page["next"].endswith("?page_size=3&page=2")


def test_a_configured_cap_keeps_only_the_newest(app, client, admin):
    app.config["REVISIONS_PER_PORTFOLIO"] = 2
    portfolio = create(client, admin)
    for n in range(3):
        client.patch(f"{URL}{portfolio['id']}", json={"order": n + 1}, headers=admin)
    count = select(func.count()).select_from(PortfolioRevision)
    assert db.session.scalar(count) == 2
    assert [i["summary"] for i in listed(client, admin, portfolio["id"])] == ["order", "order"]


def test_deleting_a_portfolio_deletes_its_revisions(client, admin):
    portfolio = create(client, admin)
    assert client.delete(f"{URL}{portfolio['id']}", headers=admin).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(PortfolioRevision)) == 0
