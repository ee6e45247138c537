"""A portfolio's History in the admin: revisions per save, compare, restore."""

from sqlalchemy import select

from portfolio_admin.models import PortfolioRevision
from portfolio_admin.models.base import db
from portfolio_admin.services import media as media_service
from tests.admin.conftest import signed_in_staff
from tests.admin.test_portfolios import form
from tests.factories import make_employer, make_image, make_portfolio, make_tag


def revisions(pk):
    stmt = select(PortfolioRevision).where(PortfolioRevision.portfolio_id == pk)
    return db.session.scalars(stmt.order_by(PortfolioRevision.id)).all()


def test_an_admin_save_with_a_link_stores_one_revision_via_admin(client, boss, queries):
    portfolio = make_portfolio("Site", excerpt="short")
    queries.clear()
    data = form(title="Site", slug="site", excerpt="longer") | {"links-0-name": "demo"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 302
    inserts = [
        q for q in queries if q.lstrip().upper().startswith("INSERT INTO PORTFOLIO_REVISIONS")
    ]
    assert len(inserts) == 1
    newest = revisions(portfolio.id)[-1]
    assert (newest.via, newest.user_id, newest.summary) == ("admin", boss.id, "excerpt, links")


def test_a_bulk_action_stores_one_insert_for_all_its_portfolios(client, boss, queries):
    a, b = make_portfolio("A", is_active=False), make_portfolio("B", is_active=False)
    queries.clear()
    client.post("/admin/portfolios/bulk", data={"action": "activate", "ids": [a.id, b.id]})
    inserts = [
        q for q in queries if q.lstrip().upper().startswith("INSERT INTO PORTFOLIO_REVISIONS")
    ]
    assert len(inserts) == 1
    assert [r.summary for r in revisions(a.id)] == ["created", "is_active"]
    assert [r.summary for r in revisions(b.id)] == ["created", "is_active"]


def test_history_lists_revisions_and_is_linked_from_the_form(client, boss):
    portfolio = make_portfolio("Site")
    assert (
        f"/admin/portfolios/{portfolio.id}/history/"
        in client.get(f"/admin/portfolios/{portfolio.id}/").text
    )
    page = client.get(f"/admin/portfolios/{portfolio.id}/history/")
    assert page.status_code == 200
    assert "created" in page.text and "command line" in page.text


def test_compare_shows_names_and_a_word_diff(client, boss):
    old_tag, new_tag = make_tag("Old tag"), make_tag("New tag")
    employer = make_employer("Acme")
    image = make_image("cover-photo")
    portfolio = make_portfolio(
        "Site", description="the quick brown fox", tags=[old_tag.id], employer=employer.id
    )
    data = form(title="Site", slug="site", description="the slow brown fox")
    data |= {"tags": [str(new_tag.id)], "employer": str(employer.id), "images": [str(image.id)]}
    client.post(f"/admin/portfolios/{portfolio.id}/", data=data)
    first, second = revisions(portfolio.id)
    page = client.get(
        f"/admin/portfolios/{portfolio.id}/history/compare?a={second.id}&b={first.id}"
    ).text
    assert "<del>quick</del>" in page and "<ins>slow</ins>" in page
    assert "Old tag" in page and "New tag" in page and "Acme" in page and "cover-photo" in page


def test_restore_asks_first_then_restores_and_names_deleted_media(client, boss):
    kept, gone = make_image("kept-one"), make_image("gone-one")
    portfolio = make_portfolio("Site", images=[kept.id, gone.id])
    first = revisions(portfolio.id)[0]
    client.post(f"/admin/portfolios/{portfolio.id}/", data=form(title="Renamed", slug="site"))
    media_service.delete_media(gone)
    db.session.commit()

    url = f"/admin/portfolios/{portfolio.id}/history/{first.id}/restore"
    page = client.get(url)
    assert page.status_code == 200 and "gone-one" in page.text
    assert db.session.get(type(portfolio), portfolio.id).title == "Renamed"

    done = client.post(url, follow_redirects=True)
    assert "gone-one" in done.text  # the page says what was left out
    db.session.expire_all()
    assert portfolio.title == "Site"
    assert [g.media_id for g in portfolio.gallery] == [kept.id]
    assert revisions(portfolio.id)[-1].summary == "title, images"


def test_history_needs_retrieve_and_restore_needs_update(client):
    portfolio = make_portfolio("Site")
    rid = revisions(portfolio.id)[0].id
    signed_in_staff(client, 4202)
    assert client.get(f"/admin/portfolios/{portfolio.id}/history/").status_code == 200
    assert client.get(f"/admin/portfolios/{portfolio.id}/history/{rid}/restore").status_code == 403
    assert client.get(f"/admin/portfolios/{portfolio.id}/history/999/restore").status_code == 403
    other = make_portfolio("Other")
    compare = f"/admin/portfolios/{other.id}/history/compare?a={rid}&b={rid}"
    assert client.get(compare).status_code == 404
