"""Every create, update and delete is logged with who, when, how, what and which fields,
in the same transaction as the change."""

import io

from sqlalchemy import select

from portfolio_admin.models import ActivityEntry, Employer
from portfolio_admin.models.base import db
from portfolio_admin.services import employers, tokens, users
from tests.factories import auth_header, make_image, make_tag, make_token, make_user
from tests.images import image_bytes


def entries(**where) -> list[ActivityEntry]:
    stmt = select(ActivityEntry).filter_by(**where).order_by(ActivityEntry.id)
    return list(db.session.scalars(stmt))


def test_api_create_names_the_user_the_token_and_every_field_set(client):
    user = make_user("sara", is_staff=True, permissions=[4201])
    key = make_token(user, name="public site")
    cover, photo = make_image("cover"), make_image("photo", path="core_media/p.png")
    web, print_ = make_tag("web"), make_tag("چاپ")
    response = client.post(
        "/api/portfolios/",
        json={
            "title": "طراحی لوگو",
            "slug": "logo",
            "excerpt": "short",
            "image": cover.id,
            "images": [photo.id, cover.id],
            "tags": [print_.id, web.id],
        },  # fmt: skip
        headers=auth_header(key),
    )
    assert response.status_code == 201, response.json
    [entry] = entries(resource="portfolio")
    assert (entry.action, entry.object_id, entry.object_label) == (
        "create", response.json["id"], "طراحی لوگو",
    )  # fmt: skip
    assert (entry.user_id, entry.actor, entry.via, entry.token_name) == (
        user.id, "sara", "api", "public site",
    )  # fmt: skip
    assert entry.at is not None and entry.parent_id is None
    assert entry.changes["title"] == [None, "طراحی لوگو"]
    names = {str(photo.id): "photo", str(cover.id): "cover"}
    assert entry.changes["images"] == [[], [photo.id, cover.id], names]
    assert entry.changes["tags"] == [
        [],
        [print_.id, web.id],
        {str(web.id): "web", str(print_.id): "چاپ"},
    ]
    assert entry.changes["image_id"] == [None, cover.id, {str(cover.id): "cover"}]
    assert "description" not in entry.changes  # not set, so not logged


def test_api_update_logs_only_what_changed_from_what_to_what(client, admin):
    first, second = make_tag("a"), make_tag("b")
    created = client.post(
        "/api/portfolios/",
        json={"title": "Old", "slug": "s", "excerpt": "e", "tags": [first.id, second.id]},
        headers=admin,
    ).json
    response = client.patch(
        f"/api/portfolios/{created['id']}/",
        json={"title": "New", "excerpt": "e", "tags": [second.id, first.id]},
        headers=admin,
    )
    assert response.status_code == 200
    [entry] = entries(resource="portfolio", action="update")
    assert entry.changes == {
        "title": ["Old", "New"],
        "tags": [
            [first.id, second.id],
            [second.id, first.id],
            {str(first.id): "a", str(second.id): "b"},
        ],
    }
    assert entry.object_label == "New"


def test_a_write_that_changes_nothing_logs_nothing(client, admin):
    created = client.post("/api/portfolios/employers/", json={"name": "Acme"}, headers=admin)
    before = len(entries())
    response = client.put(
        f"/api/portfolios/employers/{created.json['id']}/", json={"name": "Acme"}, headers=admin
    )
    assert response.status_code == 200
    assert len(entries()) == before


def test_delete_logs_the_old_values(client, admin):
    employer = client.post(
        "/api/portfolios/employers/", json={"name": "Acme", "description": "x"}, headers=admin
    ).json
    url = f"/api/portfolios/employers/{employer['id']}/"
    assert client.delete(url, headers=admin).status_code == 204
    [entry] = entries(resource="employer", action="delete")
    assert entry.object_id == employer["id"] and entry.object_label == "Acme"
    assert entry.changes["name"] == ["Acme", None]
    assert entry.changes["description"] == ["x", None]


def test_a_failed_change_writes_no_entry(client, admin):
    client.post("/api/portfolios/employers/", json={"name": "Acme"}, headers=admin)
    before = len(entries())
    response = client.post("/api/portfolios/employers/", json={"name": "Acme"}, headers=admin)
    assert response.status_code == 400
    bad_upload = client.post(
        "/api/media/",
        data={"f": (io.BytesIO(b"not an image"), "x.png"), "type": "image"},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert bad_upload.status_code == 400
    assert len(entries()) == before


def test_a_rolled_back_change_writes_no_entry(app):
    employers.create_employer({"name": "Acme", "image": None, "description": None})
    db.session.rollback()
    employers.create_employer({"name": "Beta", "image": None, "description": None})
    db.session.commit()
    assert [e.object_label for e in entries()] == ["Beta"]


def test_links_and_meta_entries_are_logged_with_their_portfolio(client, admin):
    portfolio = client.post(
        "/api/portfolios/", json={"title": "P", "slug": "p", "excerpt": "e"}, headers=admin
    ).json
    link = client.post(
        f"/api/portfolios/{portfolio['id']}/links/",
        json={"name": "Demo", "url": "https://example.com"},
        headers=admin,
    )
    assert link.status_code == 201, link.json
    [entry] = entries(resource="link")
    assert entry.parent_id == portfolio["id"] and entry.changes["url"] == [
        None, "https://example.com",
    ]  # fmt: skip


def test_uploads_are_logged_as_media(client, admin):
    response = client.post(
        "/api/media/",
        data={"f": (io.BytesIO(image_bytes()), "عکس.png")},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    [entry] = entries(resource="media")
    assert entry.action == "create" and entry.object_label == "عکس"
    assert entry.changes["type"] == [None, "image"]


def test_the_cli_is_logged_with_the_system_account(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "omid",
            "--password",
            "long-enough-pass",
            "--staff",
            "--permissions",
            "4200,4202",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    [entry] = entries(resource="user")
    assert entry.via == "cli" and entry.user_id is None and entry.actor
    assert entry.changes["username"] == [None, "omid"]
    assert entry.changes["permissions"] == [[], [4200, 4202]]
    assert "password" not in entry.changes and "password_hash" not in entry.changes


def test_a_password_change_is_logged_without_any_hash(app):
    user = make_user("sara")
    users.set_password(user, "another-long-pass")
    db.session.commit()
    [entry] = entries(resource="user", action="update")
    assert entry.changes == {"password": "hidden"}


def test_token_revocation_is_logged_under_its_user(app):
    user = make_user("sara")
    token, _key = tokens.create_token(user, "ci")
    db.session.commit()
    tokens.revoke_token(token)
    db.session.commit()
    created, revoked = entries(resource="token")
    assert created.action == "create" and created.parent_id == user.id
    assert revoked.action == "update" and list(revoked.changes) == ["revoked_at"]


def test_reads_and_token_use_log_nothing(client, admin):
    client.post("/api/portfolios/employers/", json={"name": "Acme"}, headers=admin)
    before = len(entries())
    assert client.get("/api/portfolios/employers/", headers=admin).status_code == 200
    assert len(entries()) == before
    assert db.session.scalar(select(Employer.name)) == "Acme"
