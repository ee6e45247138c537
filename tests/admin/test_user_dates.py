"""Dates on the users, My account, token and session pages go through the one formatter:
the configured time zone (``TIMEZONE``), and in Persian the Solar Hijri date and Persian
digits, as on every other page."""

import re
from datetime import UTC, datetime

import pytest

from portfolio_admin.models import ApiToken
from portfolio_admin.models.base import db
from tests.factories import make_token, make_user

# 21:00 UTC on 1 December 2026 is 00:30 on 2 December in Tehran (UTC+3:30), which is
# 11 Azar 1405 in the Solar Hijri calendar.
MOMENT = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
PERSIAN = "۱۱ آذر ۱۴۰۵ (\u20662 Dec 2026\u2069)، ۰۰:۳۰"
ENGLISH = "2 Dec 2026, 00:30"


def without_machine_dates(html: str) -> str:
    """``html`` without the ``datetime`` attributes, which are ISO for machines."""
    return re.sub(r'datetime="[^"]*"', "", html)


@pytest.fixture
def storage_config():
    """The settings the test's app is made with (``tests/conftest.py``): ``TIMEZONE`` is
    read when the app is made, so it is given here."""
    return {"BABEL_DEFAULT_TIMEZONE": "Asia/Tehran"}


def _clerk_with_a_token():
    clerk = make_user("clerk", is_staff=True)
    clerk.last_login_at = MOMENT
    clerk.created_at = MOMENT
    make_token(clerk)
    token = db.session.scalars(db.select(ApiToken)).one()
    token.created_at = token.last_used_at = token.expires_at = MOMENT
    db.session.commit()
    return clerk


def _signed_in(client, username, language):
    user = make_user(username, is_admin=True)
    user.language = language
    db.session.commit()
    response = client.post("/admin/login", data={"username": username, "password": "secret-pass"})
    assert response.status_code == 302
    return user


@pytest.mark.parametrize(("language", "shown"), [("fa", PERSIAN), ("en", ENGLISH)])
def test_user_pages_show_dates_in_the_time_zone_and_the_pages_calendar(client, language, shown):
    clerk = _clerk_with_a_token()
    _signed_in(client, "boss", language)
    listed = client.get("/admin/users/").text
    row = without_machine_dates(re.search(r"clerk</a>.*?</tr>", listed, re.S).group(0))
    assert shown in row and "UTC" not in row and "2026-12-01" not in row
    form = client.get(f"/admin/users/{clerk.id}/").text
    # Last sign-in, added, and the token's created, last used and expiry.
    assert form.count(shown) >= 5 and "2026-12-01" not in without_machine_dates(form)


def test_my_account_and_my_tokens_show_persian_dates(client):
    boss = _signed_in(client, "boss", "fa")
    make_token(boss)
    token = db.session.scalars(db.select(ApiToken)).one()
    token.created_at = token.expires_at = MOMENT
    db.session.commit()
    account = client.get("/admin/account/").text
    # The sign-in just made is the last one now, so the moment is checked on tokens.
    assert re.search(r"[۰-۹]+ [آ-ی]+ ۱۴۰۵", account) and "UTC</time>" not in account
    tokens = client.get("/admin/account/tokens/").text
    assert tokens.count(PERSIAN) >= 2
    assert "2026-12-01" not in without_machine_dates(tokens)


def test_the_history_shows_moments_languages_and_numbers_for_the_reader(client):
    clerk = _clerk_with_a_token()  # the token's new expiry is in the history
    clerk.language = "fa"
    db.session.commit()
    _signed_in(client, "boss", "fa")
    history = re.search(
        r'class="activity.*</ol>', client.get(f"/admin/users/{clerk.id}/").text, re.S
    ).group(0)
    assert PERSIAN in history and "T21:00" not in without_machine_dates(history)
    assert "<bdi>فارسی</bdi>" in history and "<bdi>fa</bdi>" not in history
