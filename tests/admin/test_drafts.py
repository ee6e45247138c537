"""The portfolio form's drafts: Save draft leaves the live portfolio (and the API) as it
is, the form then shows the draft, Publish makes it live, Discard drops it; a new
portfolio can start not live; Preview shows the draft."""

from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import Link, MetaEntry, Portfolio, PortfolioDraft, PortfolioRevision
from portfolio_admin.models.base import db
from tests.admin.conftest import signed_in_staff
from tests.admin.test_portfolios import form
from tests.factories import make_document, make_image, make_portfolio, make_tag


def edit_url(pk):
    return f"/admin/portfolios/{pk}/"


def test_save_draft_then_publish(client, boss, admin):
    tag = make_tag("web")
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    live = client.get(f"/api/portfolios/{pk}", headers=admin).get_data()
    data = form(title="Site 2", excerpt="next") | {"tags": [str(tag.id)], "save_draft": "1"}
    response = client.post(edit_url(pk), data=data)
    assert response.status_code == 302, response.text
    assert response.location.endswith(edit_url(pk))
    assert client.get(f"/api/portfolios/{pk}", headers=admin).get_data() == live
    page = client.get(edit_url(pk)).text
    assert 'data-draft-status="draft"' in page
    assert 'value="Site 2"' in page and "Discard draft" in page
    listing = client.get("/admin/portfolios/").text
    assert "data-unpublished-changes" in listing

    revisions = db.session.query(PortfolioRevision).count()
    publish = form(title="Site 2", excerpt="next") | {"tags": [str(tag.id)], "publish": "1"}
    response = client.post(edit_url(pk), data=publish)
    assert response.status_code == 302, response.text
    body = client.get(f"/api/portfolios/{pk}", headers=admin).json
    assert body["title"] == "Site 2" and [t["name"] for t in body["tags_data"]] == ["web"]
    assert db.session.query(PortfolioDraft).count() == 0
    assert db.session.query(PortfolioRevision).count() == revisions + 1
    assert "data-draft-status" not in client.get(edit_url(pk)).text


def test_a_draft_save_is_checked_as_a_live_one(client, boss):
    make_portfolio("Other", slug="taken")
    portfolio = make_portfolio("Site", slug="site")
    response = client.post(edit_url(portfolio.id), data=form(slug="taken", save_draft="1"))
    assert response.status_code == 400
    assert "A portfolio with this slug already exists." in response.text
    assert db.session.query(PortfolioDraft).count() == 0


def test_discard_draft(client, boss, admin):
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    client.post(edit_url(pk), data=form(title="Next", save_draft="1"))
    response = client.post(f"/admin/portfolios/{pk}/draft/discard")
    assert response.status_code == 302
    assert db.session.query(PortfolioDraft).count() == 0
    assert 'value="Site"' in client.get(edit_url(pk)).text
    assert client.get(f"/api/portfolios/{pk}", headers=admin).json["title"] == "Site"


def test_a_new_portfolio_saved_as_a_draft_is_not_live_until_published(client, boss, admin):
    data = form(title="Launch", slug="launch", save_draft="1") | {
        "links-0-name": "Demo",
        "links-0-url": "https://example.com",
    }
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 302, response.text
    portfolio = db.session.query(Portfolio).one()
    assert portfolio.published is False
    assert db.session.query(Link).count() == 1
    assert client.get("/api/portfolios/", headers=admin).json["count"] == 0
    page = client.get(edit_url(portfolio.id)).text
    assert 'data-draft-status="unpublished"' in page
    assert "data-not-live" in client.get("/admin/portfolios/").text
    response = client.post(
        edit_url(portfolio.id), data=form(title="Launch", slug="launch", publish="1")
    )
    assert response.status_code == 302, response.text
    assert client.get("/api/portfolios/", headers=admin).json["count"] == 1


def test_preview_shows_the_draft_or_goes_to_preview_url(app, client, boss):
    cover = make_image("cover")
    portfolio = make_portfolio("Site", slug="site")
    client.post(
        edit_url(portfolio.id), data=form(title="سایت تازه", image=str(cover.id), save_draft="1")
    )
    page = client.get(f"/admin/portfolios/{portfolio.id}/preview")
    assert page.status_code == 200
    assert "سایت تازه" in page.text and 'dir="auto"' in page.text and "cover" in page.text
    app.config["PREVIEW_URL"] = "https://studio.example/preview/{slug}?token={token}"
    response = client.get(f"/admin/portfolios/{portfolio.id}/preview")
    assert response.status_code == 302
    assert response.location.startswith("https://studio.example/preview/site?token=")
    token = response.location.rsplit("=", 1)[1]
    preview = client.get("/api/previews/", query_string={"token": token})
    assert preview.json["title"] == "سایت تازه"


def test_viewers_may_preview_but_not_save_drafts(client):
    from tests.admin.conftest import signed_in_staff

    portfolio = make_portfolio("Site", slug="site")
    signed_in_staff(client, 4200, 4202)
    assert client.get(f"/admin/portfolios/{portfolio.id}/preview").status_code == 200
    response = client.post(edit_url(portfolio.id), data=form(save_draft="1"))
    assert response.status_code == 403
    assert client.post(f"/admin/portfolios/{portfolio.id}/draft/discard").status_code == 403


def test_the_form_warns_when_the_live_portfolio_changed_after_the_draft_began(client, boss, admin):
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    client.post(edit_url(pk), data=form(title="Draft title", save_draft="1"))
    assert "data-draft-outdated" not in client.get(edit_url(pk)).text
    client.patch(f"/api/portfolios/{pk}", json={"excerpt": "changed live"}, headers=admin)
    assert "data-draft-outdated" in client.get(edit_url(pk)).text


def _live_rows(client, portfolio):
    """A portfolio with two links and a meta entry, saved live through the form."""
    client.post(
        edit_url(portfolio.id),
        data=form(title="Site", slug="site")
        | {"links-0-name": "Demo", "links-0-url": "https://example.com"}
        | {"links-1-name": "Source", "links-1-url": "https://git.example.com"}
        | {"meta_entries-0-key": "client", "meta_entries-0-value_text": "Acme"},
    )
    demo, source = db.session.query(Link).order_by(Link.id).all()
    entry = db.session.query(MetaEntry).one()
    return demo, source, entry


def test_save_draft_keeps_changed_links_and_meta_until_published(client, boss, admin):
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    demo, source, entry = _live_rows(client, portfolio)
    shot = make_image("shot")
    brief = make_document("brief")
    live = client.get(f"/api/portfolios/{pk}", headers=admin).get_data()
    data = form(title="Site 2", slug="site", save_draft="1") | {
        "links-0-id": str(demo.id),
        "links-0-name": "Renamed demo",
        "links-0-url": "https://example.com",
        "links-0-image": str(shot.id),
        "links-1-id": str(source.id),
        "links-1-name": "Source",
        "links-1-url": "https://git.example.com",
        "links-1-delete": "y",
        "links-2-name": "Press",
        "links-2-url": "https://press.example.com",
        "meta_entries-0-id": str(entry.id),
        "meta_entries-0-key": "client",
        "meta_entries-0-value_text": "Acme Inc.",
        "meta_entries-1-key": "brief",
        "meta_entries-1-value_file": str(brief.id),
    }
    response = client.post(edit_url(pk), data=data)
    assert response.status_code == 302, response.text
    assert client.get(f"/api/portfolios/{pk}", headers=admin).get_data() == live
    db.session.expire_all()
    assert [link.name for link in db.session.query(Link).order_by(Link.id)] == ["Demo", "Source"]

    page = client.get(edit_url(pk)).text  # the form shows the draft's rows
    assert 'value="Renamed demo"' in page and 'value="Press"' in page
    assert "Acme Inc.</textarea>" in page
    assert '<input checked id="links-1-delete"' in page
    draft = client.get(f"/api/portfolios/{pk}/draft/", headers=admin).json
    assert [(k["id"], k["name"]) for k in draft["links_data"]] == [
        (demo.id, "Renamed demo"),
        (None, "Press"),
    ]
    assert draft["links_data"][0]["image_data"]["id"] == shot.id
    assert [(m["key"], m["value_text"]) for m in draft["meta"]] == [
        ("client", "Acme Inc."),
        ("brief", None),
    ]
    assert draft["meta"][1]["value_file"]["id"] == brief.id
    preview = client.get(f"/admin/portfolios/{pk}/preview").text
    assert "Renamed demo" in preview and "Press" in preview and "Acme Inc." in preview

    revisions = db.session.query(PortfolioRevision).count()
    response = client.post(edit_url(pk), data=data | {"publish": "1", "save_draft": None})
    assert response.status_code == 302, response.text
    body = client.get(f"/api/portfolios/{pk}", headers=admin).json
    assert body["title"] == "Site 2"
    assert [k["name"] for k in body["links_data"]] == ["Renamed demo", "Press"]
    assert body["links_data"][0]["id"] == demo.id
    assert [(m["key"], m["value_text"]) for m in body["meta"]] == [
        ("client", "Acme Inc."),
        ("brief", None),
    ]
    assert db.session.query(PortfolioRevision).count() == revisions + 1
    assert db.session.query(PortfolioDraft).count() == 0


def test_a_draft_row_deleted_live_meanwhile_is_kept_and_shown_as_new(client, boss, admin):
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    demo, source, _ = _live_rows(client, portfolio)
    data = form(title="Site", slug="site", save_draft="1") | {
        "links-0-id": str(demo.id),
        "links-0-name": "Renamed demo",
        "links-0-url": "https://example.com",
    }
    assert client.post(edit_url(pk), data=data).status_code == 302
    assert client.delete(f"/api/portfolios/{pk}/links/{demo.id}", headers=admin).status_code == 204

    publish = data | {"publish": "1", "save_draft": None}
    response = client.post(edit_url(pk), data=publish)
    assert response.status_code == 400
    assert "This row was removed meanwhile" in response.text
    assert 'value="Renamed demo"' in response.text
    assert db.session.query(PortfolioDraft).count() == 1

    page = client.get(edit_url(pk)).text
    assert "was deleted meanwhile" in page
    assert 'value="Renamed demo"' in page
    assert f'name="links-0-id" type="hidden" value="{demo.id}"' not in page
    again = data | {"links-0-id": "", "publish": "1", "save_draft": None}
    assert client.post(edit_url(pk), data=again).status_code == 302
    body = client.get(f"/api/portfolios/{pk}", headers=admin).json
    assert sorted(k["name"] for k in body["links_data"]) == ["Renamed demo", "Source"]


def test_a_draft_row_the_user_may_not_change_keeps_the_drafts_version(client, admin):
    """A row the user may not change is disabled and not sent; the draft keeps what it
    had for it instead of taking the live row back."""
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    link = client.post(f"/api/portfolios/{pk}/links/", json={"name": "Demo"}, headers=admin).json
    body = {"title": "Site", "slug": "site", "excerpt": "short"}
    body["links"] = [{"id": link["id"], "name": "Drafted demo"}]
    assert client.put(f"/api/portfolios/{pk}/draft/", json=body, headers=admin).status_code == 200
    signed_in_staff(client, PORTFOLIO.retrieve, PORTFOLIO.update)  # no link codes
    response = client.post(edit_url(pk), data=form(title="Site 3", slug="site", save_draft="1"))
    assert response.status_code == 302, response.text
    draft = client.get(f"/api/portfolios/{pk}/draft/", headers=admin).json
    assert draft["title"] == "Site 3"
    assert [k["name"] for k in draft["links_data"]] == ["Drafted demo"]


def test_a_file_a_draft_uses_is_listed_where_it_is_used_and_its_delete_warns(client, boss, admin):
    """Drafts count as uses: the detail page and the delete warning name the portfolio;
    deleting the file anyway (as for a live use) leaves the draft unpublishable, saying
    which field, until another file takes its place."""
    shot, cover, unused = make_image("shot"), make_image("cover"), make_image("unused")
    brief = make_document("brief")
    portfolio = make_portfolio("Site", slug="site")
    pk = portfolio.id
    body = {"title": "Draft user", "slug": "site", "excerpt": "x", "image": cover.id}
    body |= {"links": [{"name": "Press", "image": shot.id}]}
    body |= {"meta": [{"key": "brief", "value_file": brief.id}]}
    assert client.put(f"/api/portfolios/{pk}/draft/", json=body, headers=admin).status_code == 200
    for media in (shot, cover, brief):
        assert "Draft of portfolio" in client.get(f"/admin/media/{media.id}/").text
        warning = client.get(f"/admin/media/{media.id}/delete").text
        assert "This file is used in 1 place" in warning
        assert "A draft that uses it cannot be published" in warning
    assert "Not used anywhere." in client.get(f"/admin/media/{unused.id}/").text

    assert client.post(f"/admin/media/{shot.id}/delete", data={}).status_code == 302
    response = client.post(f"/api/portfolios/{pk}/draft/publish/", headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "links": [f'Item 1: image: Invalid pk "{shot.id}" - object does not exist.']
    }
    assert client.get(f"/api/portfolios/{pk}", headers=admin).json["title"] == "Site"


def test_save_draft_of_an_unpublished_portfolio_with_a_draft_row_saves_that_draft(
    client, boss, admin
):
    """The form shows the draft row the API saved; Save draft must change that row, or
    reopening the form would show the old draft again."""
    created = client.post(
        "/api/portfolios/drafts/",
        json={"title": "Launch", "slug": "launch", "excerpt": "x"},
        headers=admin,
    ).json
    pk = created["id"]
    client.patch(f"/api/portfolios/{pk}/draft/", json={"title": "Launch 2"}, headers=admin)
    assert 'value="Launch 2"' in client.get(edit_url(pk)).text
    data = form(title="Launch 3", slug="launch", save_draft="1") | {"links-0-name": "Demo"}
    assert client.post(edit_url(pk), data=data).status_code == 302
    page = client.get(edit_url(pk)).text
    assert 'value="Launch 3"' in page and 'value="Demo"' in page
    assert client.get(f"/api/portfolios/{pk}", headers=admin).status_code == 404
