"""The one text search the API's lists and the admin's lists share."""

import pytest
from sqlalchemy import select

from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
from portfolio_admin.services.search import search
from tests.factories import make_tag


def _names(term):
    stmt = search(select(Tag.name), term, Tag).order_by(Tag.name)
    return list(db.session.scalars(stmt))


def test_search_finds_text_anywhere_ignoring_case_and_surrounding_spaces(app):
    make_tag("Web Design")
    make_tag("branding")
    assert _names("  DESIGN ") == ["Web Design"]
    assert _names("Brand") == ["branding"]


@pytest.mark.parametrize("term", [None, "", "   "])
def test_an_empty_term_keeps_every_row(app, term):
    make_tag("a")
    make_tag("b")
    assert _names(term) == ["a", "b"]


@pytest.mark.parametrize(
    ("term", "found"),
    [("50%", ["50% off"]), ("_", ["snake_case"]), ("\\", ["back\\slash"])],
)
def test_like_wildcards_in_the_term_match_only_themselves(app, term, found):
    for name in ("50% off", "500 off", "snake_case", "snake case", "back\\slash", "backslash"):
        make_tag(name)
    assert _names(term) == found
