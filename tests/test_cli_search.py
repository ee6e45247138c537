"""``flask search reindex`` fills the normalised search text again, keeping ``updated_at``."""

from sqlalchemy import select, update

from portfolio_admin.models import Portfolio, Tag
from portfolio_admin.models.base import db
from tests.factories import make_portfolio, make_tag


def test_reindex_refills_stale_search_text_and_keeps_updated_at(runner, client, admin):
    tag = make_tag("كافه")
    portfolio = make_portfolio("وب‌سایت", slug="site")
    # As rows written outside the app (or under older rules) would be.
    db.session.execute(update(Tag).values(search_text="", updated_at=tag.updated_at))
    db.session.execute(update(Portfolio).values(search_text="", updated_at=portfolio.updated_at))
    db.session.commit()
    stamps = {"tag": tag.updated_at, "portfolio": portfolio.updated_at}
    search = {"search": "کافه"}
    assert (
        client.get("/api/portfolios/tags/", query_string=search, headers=admin).json["count"] == 0
    )

    result = runner.invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Refilled the search text of 2 row(s)." in result.output
    found = client.get("/api/portfolios/tags/", query_string=search, headers=admin).json
    assert [row["name"] for row in found["results"]] == ["كافه"]
    db.session.expire_all()
    assert db.session.scalar(select(Tag.updated_at)) == stamps["tag"]
    assert db.session.scalar(select(Portfolio.updated_at)) == stamps["portfolio"]
    again = runner.invoke(args=["search", "reindex"])
    assert "Refilled the search text of 0 row(s)." in again.output
