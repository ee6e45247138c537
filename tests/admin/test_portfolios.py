"""Portfolios: the list, the one-transaction form with inline links and meta, bulk
actions and the display order."""

import re
from datetime import UTC, datetime

from portfolio_admin.models import Link, MetaEntry, Portfolio
from portfolio_admin.models.base import db
from tests.factories import make_document, make_employer, make_image, make_portfolio, make_tag


def form(**fields):
    """A complete, valid portfolio form."""
    data = {
        "title": "Site",
        "slug": "site",
        "excerpt": "short",
        "description": "",
        "order": "0",
        "is_active": "y",
        "completed_at": "",
        "image": "",
        "employer": "",
    }
    return data | fields


def test_list_shows_thumbnails_and_filters(client, boss):
    employer = make_employer("Acme")
    tag = make_tag("web")
    make_portfolio("Alpha", image=make_image().id, employer=employer.id, tags=[tag.id])
    make_portfolio("Beta", is_active=False)
    page = client.get("/admin/portfolios/").text
    assert "Alpha" in page and "Beta" in page and "thumbnail_128x128" in page
    assert "Beta" not in client.get("/admin/portfolios/?active=1").text
    assert "Alpha" not in client.get("/admin/portfolios/?active=0").text
    assert "Beta" not in client.get(f"/admin/portfolios/?employer={employer.id}").text
    assert "Beta" not in client.get(f"/admin/portfolios/?tag={tag.id}").text
    assert "Beta" not in client.get("/admin/portfolios/?q=alp").text


def test_list_sorts_and_paginates(client, boss):
    for n in range(25):
        make_portfolio(f"P{n:02}")
    page = client.get("/admin/portfolios/?sort=-title").text
    assert page.index("P24") < page.index("P23")
    assert "P00" not in page and 'rel="next"' in page
    assert "P00" in client.get("/admin/portfolios/?sort=-title&page=2").text


def test_create_with_everything_saves_in_one_go(client, boss):
    cover, first, second = make_image("cover"), make_image("one"), make_image("two")
    employer, tag_a, tag_b = make_employer(), make_tag("a"), make_tag("b")
    document = make_document()
    data = form(
        title="سایت وردپرس",
        slug="سایت-وردپرس",
        image=str(cover.id),
        employer=str(employer.id),
        completed_at="2025-03-04",
        order="7",
    )
    data |= {
        "images": [str(second.id), str(first.id)],
        "tags": [str(tag_a.id), str(tag_b.id)],
        "links-0-name": "Demo",
        "links-0-url": "https://example.com",
        "links-0-image": str(first.id),
        "links-3-name": "",  # a blank extra row is ignored
        "meta_entries-0-key": "client",
        "meta_entries-0-value_text": "ACME",
        "meta_entries-1-key": "brief",
        "meta_entries-1-value_file": str(document.id),
    }
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 302, response.text
    portfolio = db.session.query(Portfolio).one()
    assert portfolio.slug == "سایت-وردپرس" and portfolio.order == 7
    assert portfolio.image_id == cover.id and portfolio.employer_id == employer.id
    assert [g.media_id for g in portfolio.gallery] == [second.id, first.id]
    assert [t.tag_id for t in portfolio.tag_links] == [tag_a.id, tag_b.id]
    assert portfolio.completed_at.date().isoformat() == "2025-03-04"
    link = db.session.query(Link).one()
    assert (link.name, link.url, link.image_id) == ("Demo", "https://example.com", first.id)
    entries = {e.key: e for e in db.session.query(MetaEntry)}
    assert entries["client"].value_text == "ACME"
    assert entries["brief"].value_file_id == document.id


def test_a_bad_link_url_saves_nothing_and_is_shown_beside_the_field(client, boss):
    data = form() | {"links-0-name": "Demo", "links-0-url": "javascript:alert(1)"}
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 400
    assert 'id="links-0-url-errors"' in response.text
    assert "Enter a valid URL with the http or https scheme." in response.text
    assert "Nothing was saved" in response.text
    summary = re.search(r'<ul class="error-links">(.*?)</ul>', response.text, re.S).group(1)
    assert '<a href="#links-0-url">Link 1: URL</a>' in summary
    assert db.session.query(Portfolio).count() == 0
    assert db.session.query(Link).count() == 0


def test_a_service_error_on_a_row_rolls_back_the_portfolio_too(client, boss):
    portfolio = make_portfolio("Keep", excerpt="old")
    data = form(title="Keep", slug="keep", excerpt="changed")
    data |= {
        "meta_entries-0-key": "a",
        "meta_entries-1-key": "a",
    }  # the second one breaks uniqueness
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=data)
    assert response.status_code == 400
    assert "A meta entry with this key already exists." in response.text
    db.session.expire_all()
    assert portfolio.excerpt == "old"
    assert db.session.query(MetaEntry).count() == 0


def test_field_errors_are_all_shown_and_nothing_saved(client, boss):
    make_portfolio("Taken", slug="taken")
    data = form(title="Taken", slug="no spaces", excerpt=" ", order="x", image="999")
    response = client.post("/admin/portfolios/new", data=data)
    page = response.text
    assert response.status_code == 400
    assert 'id="slug-errors"' in page and "Enter a valid slug" in page
    assert 'id="excerpt-errors"' in page and "may not be blank" in page
    assert 'id="order-errors"' in page and "A valid integer is required." in page
    summary = re.search(r'<ul class="error-links">(.*?)</ul>', page, re.S).group(1)
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert links == [("slug", "Slug"), ("excerpt", "Excerpt"), ("order", "Display order")]
    # The services' errors come once the fields are valid; a chooser links to its errors.
    data = form(title="Taken", slug="fine", excerpt="short", image="999")
    page = client.post("/admin/portfolios/new", data=data).text
    summary = re.search(r'<ul class="error-links">(.*?)</ul>', page, re.S).group(1)
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert links == [("title", "Title"), ("image-errors", "Cover image")]
    assert db.session.query(Portfolio).count() == 1


def test_edit_shows_rows_and_changes_removes_and_adds_them(client, boss):
    portfolio = make_portfolio("Site")
    db.session.add_all(
        [
            Link(portfolio_id=portfolio.id, name="Old", url="https://old.example"),
            Link(portfolio_id=portfolio.id, name="Gone", url="https://gone.example"),
            MetaEntry(portfolio_id=portfolio.id, key="k", value_text="v"),
        ]
    )
    db.session.commit()
    old, gone = db.session.query(Link).order_by(Link.id).all()
    entry = db.session.query(MetaEntry).one()
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    assert 'value="https://old.example"' in page and 'value="Site"' in page
    data = form(title="Site", slug="site")
    data |= {
        "links-0-id": str(old.id),
        "links-0-name": "Renamed",
        "links-0-url": "https://old.example",
        "links-1-id": str(gone.id),
        "links-1-name": "Gone",
        "links-1-delete": "y",
        "links-2-name": "Added",
        "meta_entries-0-id": str(entry.id),
        "meta_entries-0-key": "k",
        "meta_entries-0-delete": "y",
        "meta_entries-1-key": "k",
        "meta_entries-1-value_text": "again",
        "continue": "1",
    }
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/portfolios/{portfolio.id}/"
    names = sorted(link.name for link in db.session.query(Link))
    assert names == ["Added", "Renamed"]
    assert [(e.key, e.value_text) for e in db.session.query(MetaEntry)] == [("k", "again")]


def test_bulk_deactivate_and_activate(client, boss):
    a, b, c = make_portfolio("A"), make_portfolio("B"), make_portfolio("C")
    response = client.post(
        "/admin/portfolios/bulk", data={"action": "deactivate", "ids": [a.id, b.id]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (a.is_active, b.is_active, c.is_active) == (False, False, True)
    assert "2 portfolios deactivated." in client.get("/admin/portfolios/").text
    client.post("/admin/portfolios/bulk", data={"action": "activate", "ids": [a.id]})
    db.session.expire_all()
    assert a.is_active


def test_bulk_delete_confirms_first(client, boss):
    a, b = make_portfolio("A"), make_portfolio("B")
    page = client.post("/admin/portfolios/bulk", data={"action": "delete", "ids": [a.id, b.id]})
    assert page.status_code == 200 and "Delete 2 portfolios?" in page.text
    assert db.session.query(Portfolio).count() == 2
    client.post(
        "/admin/portfolios/bulk", data={"action": "delete", "ids": [a.id], "confirmed": "1"}
    )
    assert [p.title for p in db.session.query(Portfolio)] == ["B"]


def test_single_delete_confirms_first(client, boss):
    portfolio = make_portfolio("A")
    assert "Delete portfolio “A”?" in client.get(f"/admin/portfolios/{portfolio.id}/delete").text
    client.post(f"/admin/portfolios/{portfolio.id}/delete")
    assert db.session.query(Portfolio).count() == 0


def test_reorder_hands_out_the_order_values_in_the_new_sequence(client, boss):
    a, b, c = (make_portfolio(t, order=n) for n, t in enumerate(["A", "B", "C"], start=1))
    response = client.post("/admin/portfolios/reorder", json={"ids": [c.id, a.id, b.id]})
    assert response.status_code == 200 and response.json["message"] == "Display order saved."
    db.session.expire_all()
    assert (c.order, a.order, b.order) == (1, 2, 3)


def test_reorder_spreads_out_tied_values(client, boss):
    a, b = make_portfolio("A"), make_portfolio("B")
    client.post("/admin/portfolios/reorder", json={"ids": [b.id, a.id]})
    db.session.expire_all()
    assert (b.order, a.order) == (0, 1)
    page = client.get("/admin/portfolios/").text
    assert page.index(">B<") < page.index(">A<")


def test_saving_keeps_the_tags_order_the_api_set_and_appends_new_ones(client, boss):
    a, b, c = make_tag("a"), make_tag("b"), make_tag("c")
    portfolio = make_portfolio("P", tags=[b.id, a.id])
    data = form(title="P", slug="p") | {"tags": [str(a.id), str(b.id), str(c.id)]}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 302
    db.session.expire_all()
    assert [link.tag_id for link in portfolio.tag_links] == [b.id, a.id, c.id]


def test_an_unchanged_completed_date_keeps_its_time_of_day(client, boss):
    portfolio = make_portfolio("P", completed_at=datetime(2025, 1, 2, 15, 30, tzinfo=UTC))
    data = form(title="P", slug="p", completed_at="2025-01-02")
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 302
    db.session.expire_all()
    assert portfolio.completed_at.isoformat() == "2025-01-02T15:30:00+00:00"
    data = form(title="P", slug="p", completed_at="2025-02-03")
    client.post(f"/admin/portfolios/{portfolio.id}/", data=data)
    db.session.expire_all()
    assert portfolio.completed_at.isoformat() == "2025-02-03T00:00:00+00:00"
