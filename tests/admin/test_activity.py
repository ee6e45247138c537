"""The activity pages: the global log with its filters, and each object's history."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import db
from tests.admin.conftest import signed_in_staff
from tests.factories import make_employer, make_image, make_tag


def test_the_log_is_for_admins_only(client):
    signed_in_staff(client, 4220, 4221, 4222, 4223)
    assert client.get("/admin/activity/").status_code == 403
    assert "/admin/activity/" not in client.get("/admin/").text


def test_an_edit_in_the_admin_is_logged_and_shown_on_the_objects_page(client, boss):
    employer = make_employer("Acme")
    response = client.post(
        f"/admin/employers/{employer.id}/", data={"name": "آکمه", "description": "", "image": ""}
    )
    assert response.status_code == 302
    entry = db.session.scalar(select(ActivityEntry).filter_by(action="update"))
    assert (entry.via, entry.actor, entry.user_id) == ("ui", "boss", boss.id)
    assert entry.changes == {"name": ["Acme", "آکمه"]}
    page = client.get(f"/admin/employers/{employer.id}/").text
    assert 'class="history"' in page and "boss" in page and "Acme" in page and "آکمه" in page


def test_filters_narrow_the_log(client, boss):
    make_employer("Acme")
    make_tag("sites")  # a name no navigation entry contains
    client.post("/admin/tags/new", data={"name": "print", "image": ""})
    everything = client.get("/admin/activity/").text
    assert "Acme" in everything and "print" in everything
    by_resource = client.get("/admin/activity/?resource=tag").text
    assert "Acme" not in by_resource and "sites" in by_resource and "print" in by_resource
    by_user = client.get(f"/admin/activity/?user={boss.id}").text
    assert "print" in by_user and "sites" not in by_user  # the factory's tag was the CLI's
    assert "Acme" not in client.get("/admin/activity/?action=delete").text


def test_the_date_range_includes_both_ends(client, boss):
    make_employer("Old")
    make_employer("New")
    db.session.execute(
        update(ActivityEntry)
        .where(ActivityEntry.object_label == "Old")
        .values(at=datetime(2026, 1, 10, 12, tzinfo=UTC))
    )
    db.session.commit()
    page = client.get("/admin/activity/?start=2026-01-10&end=2026-01-10").text
    assert "Old" in page and "New" not in page
    today = datetime.now(UTC).date()
    page = client.get(f"/admin/activity/?start={today - timedelta(days=1)}").text
    assert "New" in page and "Old" not in page


def test_bad_filters_are_shown_as_field_errors_not_failures(client, boss):
    response = client.get("/admin/activity/?start=yesterday&user=abc&resource=planet")
    assert response.status_code == 400
    assert "Not a valid date value" in response.text
    assert 'aria-invalid="true"' in response.text


def test_the_log_is_paginated_newest_first(client, boss):
    for n in range(25):
        make_tag(f"tag-{n:02}")
    first = client.get("/admin/activity/").text
    assert "tag-24" in first and "tag-00" not in first and 'rel="next"' in first
    assert "tag-00" in client.get("/admin/activity/?page=2").text


def test_a_portfolio_page_shows_its_links_history(client, boss, admin):
    portfolio = client.post(
        "/api/portfolios/", json={"title": "P", "slug": "p", "excerpt": "e"}, headers=admin
    ).json
    client.post(
        f"/api/portfolios/{portfolio['id']}/links/",
        json={"name": "Demo link", "url": "https://example.com"},
        headers=admin,
    )
    page = client.get(f"/admin/portfolios/{portfolio['id']}/").text
    assert "Demo link" in page and "via API" in page and "token “<bdi>test</bdi>”" in page


def test_every_logged_field_has_a_label():
    from portfolio_admin.activity.tracked import TRACKED
    from portfolio_admin.admin.activity import FIELDS, RESOURCES

    for spec in TRACKED:
        assert spec.resource in RESOURCES
        hidden = {name.removesuffix("_hash") for name in spec.hidden}
        logged = {*spec.fields, *spec.lists, *spec.child_fields, *hidden}
        assert logged <= set(FIELDS), spec.resource


def new_portfolio(client, admin, **fields) -> dict:
    data = {"title": "Logo", "slug": "logo", "excerpt": "e"} | fields
    response = client.post("/api/portfolios/", json=data, headers=admin)
    assert response.status_code == 201, response.json
    return response.json


def test_deleting_a_cover_shows_the_portfolio_losing_it_by_name(client, boss, admin):
    cover = make_image("photo.jpg")
    new_portfolio(client, admin, image=cover.id)
    assert client.post(f"/admin/media/{cover.id}/delete").status_code == 302
    page = client.get("/admin/activity/?resource=portfolio&action=update").text
    assert "<dt>Image</dt>" in page and "<bdi>photo.jpg</bdi>" in page
    assert "because Media file “<bdi>photo.jpg</bdi>” was deleted" in page


def test_deleting_a_portfolio_shows_its_links_deleted_with_it(client, boss, admin):
    portfolio = new_portfolio(client, admin, title="Shop")
    client.post(
        f"/api/portfolios/{portfolio['id']}/links/", json={"name": "Live site"}, headers=admin
    )
    assert client.post(f"/admin/portfolios/{portfolio['id']}/delete").status_code == 302
    page = client.get("/admin/activity/?resource=link&action=delete").text
    assert "Link “<bdi>Live site</bdi>”" in page
    assert "because Portfolio “<bdi>Shop</bdi>” was deleted" in page


def test_gallery_and_employer_changes_show_the_names_they_had(client, boss, admin):
    one, two = make_image("one"), make_image("two", path="core_media/two.png")
    acme, beta = make_employer("Acme"), make_employer("Beta")
    portfolio = new_portfolio(client, admin, employer=acme.id, images=[one.id])
    client.patch(
        f"/api/portfolios/{portfolio['id']}/",
        json={"employer": beta.id, "images": [two.id, one.id]},
        headers=admin,
    )
    client.patch(f"/api/portfolios/employers/{acme.id}/", json={"name": "Acme Inc"}, headers=admin)
    client.delete(f"/api/media/{two.id}/", headers=admin)
    page = client.get(f"/admin/portfolios/{portfolio['id']}/").text
    changed = '<bdi>Acme</bdi> <span aria-hidden="true" class="arrow">→</span>'
    assert "<dt>Employer</dt>" in page and changed in page and "<bdi>Beta</bdi>" in page
    assert "<dt>Gallery</dt>" in page and "<bdi>two</bdi>, <bdi>one</bdi>" in page
    assert "Gallery (ids)" not in page and "(deleted)" not in page


def test_entries_from_before_names_were_stored_show_current_names_or_deleted_ids(client, boss):
    acme = make_employer("Acme")
    old_entry(employer_id=[acme.id, 999])
    page = client.get("/admin/activity/?action=update").text
    assert "<bdi>Acme</bdi>" in page and "#999 (deleted)" in page


def test_names_and_deleted_ids_read_right_in_persian(client, boss, admin):
    one, two = make_image("یک"), make_image("two", path="core_media/two.png")
    portfolio = new_portfolio(client, admin, images=[one.id])
    client.patch(
        f"/api/portfolios/{portfolio['id']}/", json={"images": [one.id, two.id]}, headers=admin
    )
    old_entry(image_id=[1999, one.id])
    boss.language = "fa"
    db.session.commit()
    page = client.get("/admin/activity/?action=update").text
    assert "<dt>گالری</dt>" in page and "<bdi>یک</bdi>، <bdi>two</bdi></dd>" in page
    assert '<span class="muted">#۱۹۹۹ (حذف‌شده)</span>' in page


def old_entry(**changes) -> None:
    """An entry recorded before names were stored: its reference fields hold ids only."""
    db.session.add(
        ActivityEntry(
            actor="old",
            via="ui",
            action="update",
            resource="portfolio",
            object_id=1,
            object_label="Old work",
            changes=changes,
        )  # fmt: skip
    )
    db.session.commit()
