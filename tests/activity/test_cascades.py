"""Rows the database changes on a delete (ON DELETE SET NULL / CASCADE) are logged too,
by name, with the deleted object they changed for."""

from sqlalchemy import select

from portfolio_admin.activity.cascades import CASCADES
from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import db
from portfolio_admin.services import roles, users
from tests.factories import make_document, make_employer, make_image, make_tag, make_user


def entries(**where) -> list[ActivityEntry]:
    stmt = select(ActivityEntry).filter_by(**where).order_by(ActivityEntry.id)
    return list(db.session.scalars(stmt))


def new_portfolio(client, admin, **fields) -> dict:
    data = {"title": "Logo", "slug": "logo", "excerpt": "e"} | fields
    response = client.post("/api/portfolios/", json=data, headers=admin)
    assert response.status_code == 201, response.json
    return response.json


def test_deleting_a_cover_logs_the_portfolio_losing_it_by_name(client, admin):
    cover, other = make_image("photo.jpg"), make_image("other", path="core_media/o.png")
    portfolio = new_portfolio(client, admin, image=cover.id, images=[other.id, cover.id])
    assert client.delete(f"/api/media/{cover.id}/", headers=admin).status_code == 204
    [entry] = entries(resource="portfolio", action="update")
    assert (entry.object_id, entry.object_label, entry.via) == (portfolio["id"], "Logo", "api")
    assert entry.changes["image_id"] == [cover.id, None, {str(cover.id): "photo.jpg"}]
    assert entry.changes["images"] == [
        [other.id, cover.id],
        [other.id],
        {str(other.id): "other", str(cover.id): "photo.jpg"},
    ]
    assert entry.changes["_cause"] == [{"resource": "media", "id": cover.id, "name": "photo.jpg"}]
    assert [e.object_label for e in entries(resource="media", action="delete")] == ["photo.jpg"]


def test_deleting_a_media_file_logs_every_kind_of_row_that_referred_to_it(client, admin):
    photo, brief = make_image("photo"), make_document("brief")
    employer = make_employer("Acme", image_id=photo.id)
    tag = make_tag("web", image_id=photo.id)
    portfolio = new_portfolio(client, admin)
    links = f"/api/portfolios/{portfolio['id']}/links/"
    client.post(links, json={"name": "Live site", "image": photo.id}, headers=admin)
    meta = f"/api/portfolios/{portfolio['id']}/meta/"
    client.post(meta, json={"key": "brief", "value_file": brief.id}, headers=admin)
    client.delete(f"/api/media/{photo.id}/", headers=admin)
    client.delete(f"/api/media/{brief.id}/", headers=admin)
    cleared = {
        (e.resource, e.object_label): e.changes
        for e in entries(action="update")
        if "_cause" in e.changes
    }
    assert cleared.keys() == {
        ("employer", "Acme"),
        ("tag", "web"),
        ("link", "Live site"),
        ("meta", "brief"),
    }
    assert cleared["employer", "Acme"]["image_id"] == [photo.id, None, {str(photo.id): "photo"}]
    assert cleared["meta", "brief"]["value_file_id"] == [brief.id, None, {str(brief.id): "brief"}]
    assert cleared["tag", "web"]["_cause"][0]["name"] == "photo"
    assert employer.id and tag.id


def test_deleting_a_portfolio_logs_its_links_and_meta_deleted_with_it(client, admin):
    portfolio = new_portfolio(client, admin, title="Shop")
    client.post(
        f"/api/portfolios/{portfolio['id']}/links/", json={"name": "Live site"}, headers=admin
    )
    client.post(f"/api/portfolios/{portfolio['id']}/meta/", json={"key": "year"}, headers=admin)
    assert client.delete(f"/api/portfolios/{portfolio['id']}/", headers=admin).status_code == 204
    deleted = {(e.resource, e.object_label): e for e in entries(action="delete")}
    assert deleted.keys() == {("portfolio", "Shop"), ("link", "Live site"), ("meta", "year")}
    link = deleted["link", "Live site"]
    assert link.parent_id == portfolio["id"]
    assert link.changes["name"] == ["Live site", None]
    assert link.changes["_cause"] == [
        {"resource": "portfolio", "id": portfolio["id"], "name": "Shop"}
    ]
    assert "_cause" not in deleted["portfolio", "Shop"].changes


def test_deleting_an_employer_or_a_tag_logs_the_portfolios_that_lose_it(client, admin):
    acme, web, print_ = make_employer("Acme"), make_tag("web"), make_tag("print")
    portfolio = new_portfolio(client, admin, employer=acme.id, tags=[web.id, print_.id])
    client.delete(f"/api/portfolios/employers/{acme.id}/", headers=admin)
    client.delete(f"/api/portfolios/tags/{web.id}/", headers=admin)
    employer_change, tag_change = entries(resource="portfolio", action="update")
    assert employer_change.object_id == tag_change.object_id == portfolio["id"]
    assert employer_change.changes["employer_id"] == [acme.id, None, {str(acme.id): "Acme"}]
    assert tag_change.changes["tags"] == [
        [web.id, print_.id],
        [print_.id],
        {str(web.id): "web", str(print_.id): "print"},
    ]
    assert tag_change.changes["_cause"] == [{"resource": "tag", "id": web.id, "name": "web"}]


def test_finding_what_a_media_delete_changes_takes_one_query_per_referencing_column(
    client, admin, queries
):
    unused = make_image("unused")
    queries.clear()
    assert client.delete(f"/api/media/{unused.id}/", headers=admin).status_code == 204
    media_rules = [rule for rule in CASCADES if rule.target.__tablename__ == "media_files"]
    assert len(media_rules) == 6
    for rule in media_rules:
        assert sum(f"{rule.column} IN (" in q for q in queries) == 1, rule.column


def test_every_on_delete_rule_between_logged_tables_is_covered():
    covered = {(rule.target.__tablename__, str(rule.column)) for rule in CASCADES}
    assert covered == {
        ("media_files", "portfolios.image_id"),
        ("media_files", "portfolio_images.media_id"),
        ("media_files", "employers.image_id"),
        ("media_files", "tags.image_id"),
        ("media_files", "links.image_id"),
        ("media_files", "meta_entries.value_file_id"),
        ("employers", "portfolios.employer_id"),
        ("tags", "portfolio_tags.tag_id"),
        ("portfolios", "links.portfolio_id"),
        ("portfolios", "meta_entries.portfolio_id"),
        ("users", "api_tokens.user_id"),
        ("roles", "user_roles.role_id"),
    }


def test_deleting_a_role_is_a_change_to_each_member(app):
    role = roles.save_role(None, "Editor", [4200])
    member = make_user("member", is_staff=True)
    users.update_user(member, {"roles": [role.id]})
    db.session.commit()
    roles.delete_role(role)
    db.session.commit()
    entry = db.session.scalars(
        select(ActivityEntry)
        .where(ActivityEntry.resource == "user", ActivityEntry.object_id == member.id)
        .order_by(ActivityEntry.id.desc())
    ).first()
    assert entry.changes["roles"][:2] == [[role.id], []]
