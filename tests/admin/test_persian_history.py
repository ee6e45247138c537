"""A Persian page's history speaks Persian: a revision's summary by the fields' labels,
numbers in Persian digits, lists joined with the Persian comma."""

from portfolio_admin.auth.permissions import TAG
from portfolio_admin.models.base import db
from portfolio_admin.services import users
from tests.admin.test_revisions import revisions
from tests.factories import make_portfolio, make_user


def _in_persian(boss):
    boss.language = "fa"
    db.session.commit()


def test_revision_summaries_and_compared_numbers_are_in_persian(client, boss, admin):
    _in_persian(boss)
    portfolio = make_portfolio("Site", slug="site")
    changed = {"title": "Site 2", "order": 12}
    url = f"/api/portfolios/{portfolio.id}/"
    assert client.patch(url, json=changed, headers=admin).status_code == 200
    first, second = revisions(portfolio.id)
    assert second.summary == "title, order"  # the API's form, unchanged
    history = client.get(f"/admin/portfolios/{portfolio.id}/history/").text
    assert "<td>عنوان، ترتیب نمایش</td>" in history and "<td>ایجاد شد</td>" in history
    compared = client.get(
        f"/admin/portfolios/{portfolio.id}/history/compare",
        query_string={"a": first.id, "b": second.id},
    ).text
    assert "۱۲" in compared and ">12<" not in compared


def test_logged_lists_are_joined_with_the_persian_comma(client, boss):
    _in_persian(boss)
    clerk = make_user("clerk", is_staff=True)
    users.update_user(clerk, {"permissions": [TAG.list, TAG.create]})
    db.session.commit()
    page = client.get(f"/admin/users/{clerk.id}/").text
    assert f"<bdi>{TAG.list}، {TAG.create}</bdi>" in page
