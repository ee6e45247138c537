"""Dates and datetimes at the ends of the calendar, typed into the admin: a 400 naming the
field (they answered 500), in English and Persian."""

from datetime import UTC, datetime

import pytest

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from tests.admin.test_control_characters import PERSIAN, beside
from tests.factories import make_portfolio

OUT_OF_RANGE = "Datetime value out of range."
OUT_OF_RANGE_FA = "تاریخ و زمان بیرون از بازه‌ی پذیرفتنی است."


def test_an_out_of_range_completion_datetime_is_a_400_beside_the_field(client, boss):
    data = {"title": "Site", "slug": "site", "excerpt": "short", "order": "0"}
    data["completed_at"] = "9999-12-31T23:59:59-01:00"
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 400
    assert beside(response.text, "completed_at", OUT_OF_RANGE)
    assert db.session.query(Portfolio).count() == 0
    response = client.post("/admin/portfolios/new", data=data, headers=PERSIAN)
    assert beside(response.text, "completed_at", OUT_OF_RANGE_FA)


@pytest.mark.parametrize(
    ("query", "field", "zone"),
    [
        ("end=9999-12-31", "end", "UTC"),
        ("start=2026-01-01&end=9999-12-31", "end", "Asia/Tehran"),
        ("start=0001-01-01", "start", "Asia/Tehran"),
    ],
)
def test_an_activity_date_whose_day_utc_cannot_hold_is_a_400_beside_it(
    app, client, boss, query, field, zone
):
    app.config["BABEL_DEFAULT_TIMEZONE"] = zone
    response = client.get(f"/admin/activity/?{query}")
    assert response.status_code == 400
    assert beside(response.text, field, OUT_OF_RANGE)


@pytest.mark.parametrize(
    "query", ["start=0001-01-01&end=9999-12-30", "start=9999-12-31", "end=0001-01-01"]
)
def test_the_first_and_last_days_utc_holds_still_filter(client, boss, query):
    response = client.get(f"/admin/activity/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("completed_at", "shown"),
    [
        (datetime(1, 1, 1, tzinfo=UTC), "1 Jan 1"),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "31 Dec 9999"),
    ],
)
def test_dates_the_jalali_calendar_cannot_write_show_in_gregorian_on_persian_pages(
    client, boss, completed_at, shown
):
    # The API accepts them; jdatetime writes only Jalali years 1 to 9377, and the Persian
    # pages that show the Jalali date beside the Gregorian one answered 500.
    portfolio = make_portfolio(completed_at=completed_at)
    for url in ("/admin/portfolios/", f"/admin/portfolios/{portfolio.id}/"):
        response = client.get(url, headers=PERSIAN)
        assert response.status_code == 200, url
        assert shown in response.text, url
