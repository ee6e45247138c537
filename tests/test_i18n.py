"""Numbers, dates and typed digits in the page's language; the services' messages
translated for staff."""

from contextlib import contextmanager
from datetime import UTC, date, datetime

import jdatetime
import pytest
from flask_babel import refresh

from portfolio_admin.admin.messages import EXACT, translate
from portfolio_admin.i18n import ascii_digits, local_date, local_datetime, number
from portfolio_admin.schemas.common import _MESSAGES
from tests.conftest import _app

PERSIAN = {"Accept-Language": "fa"}
ENGLISH = {"Accept-Language": "en"}


@contextmanager
def request_in(app, headers):
    """A request with ``headers``; the test's app context outlives it, and with it
    Flask-Babel's cached locale, which a real request starts without."""
    with app.test_request_context(headers=headers):
        refresh()
        yield


@pytest.fixture
def persian(app):
    with request_in(app, PERSIAN):
        yield


@pytest.fixture
def english(app):
    with request_in(app, ENGLISH):
        yield


@pytest.mark.parametrize(
    ("day", "jalali", "shown"),
    [
        (date(2026, 3, 21), (1405, 1, 1), "۱ فروردین ۱۴۰۵ (\u206621 Mar 2026\u2069)"),
        (date(2026, 11, 23), (1405, 9, 2), "۲ آذر ۱۴۰۵ (\u206623 Nov 2026\u2069)"),
        (date(2025, 3, 20), (1403, 12, 30), "۳۰ اسفند ۱۴۰۳ (\u206620 Mar 2025\u2069)"),
    ],
)
def test_persian_dates_show_the_solar_hijri_day_beside_the_gregorian(persian, day, jalali, shown):
    solar = jdatetime.date.fromgregorian(date=day)
    assert (solar.year, solar.month, solar.day) == jalali
    assert local_date(day) == shown


def test_english_dates_are_gregorian_only(english):
    assert local_date(date(2026, 11, 23)) == "23 Nov 2026"
    assert local_date("2026-11-23") == "23 Nov 2026"
    assert local_date("not a date") == "" and local_date(None) == ""


def test_times_are_shown_in_the_configured_time_zone(database_uri, tmp_path):
    app = _app(database_uri, tmp_path / "media", BABEL_DEFAULT_TIMEZONE="Asia/Tehran")
    late = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)  # 00:30 the next day in Tehran
    with request_in(app, PERSIAN):
        assert local_datetime(late) == "۳ آذر ۱۴۰۵ (\u206624 Nov 2026\u2069)، ۰۰:۳۰"
    with request_in(app, ENGLISH):
        assert local_datetime(late) == "24 Nov 2026, 00:30"
        assert local_datetime(late.replace(tzinfo=None)) == "24 Nov 2026, 00:30"  # naive is UTC


def test_numbers_use_persian_digits_and_separators_in_persian(app):
    with request_in(app, PERSIAN):
        assert number(1234567) == "۱٬۲۳۴٬۵۶۷"
        assert number(1405, "0") == "۱۴۰۵"
    with request_in(app, {}):
        assert number(1234567) == "1,234,567"


def test_typed_persian_and_arabic_indic_digits_become_ascii():
    assert ascii_digits("۱۲۳٤٥٦ and 7") == "123456 and 7"
    assert ascii_digits(None) is None


def test_every_schema_message_has_a_translation(persian):
    for message in _MESSAGES.values():
        assert message in EXACT
        assert translate(message) != message


def test_messages_with_values_are_translated_with_persian_numbers(persian):
    assert translate("employer with this name already exists.") == (
        "کارفرمای دیگری با همین نام وجود دارد."
    )
    assert translate("portfolio with this title already exists.") == (
        "نمونه\u200cکار دیگری با همین عنوان وجود دارد."
    )
    assert translate("Item 2: Enter a valid URL.") == "مورد ۲: یک نشانی (URL) معتبر وارد کنید."
    assert translate("Ensure this field has no more than 255 characters.") == (
        "این فیلد نباید بیش از ۲۵۵ نویسه داشته باشد."
    )
    assert translate("The file is larger than 0.5 MB.") == "حجم فایل بیش از ۰٫۵ مگابایت است."
    assert translate("Something nobody wrote down.") == "Something nobody wrote down."


def test_english_pages_show_the_services_messages_unchanged(english):
    for message in (
        *EXACT,
        'Invalid pk "999" - object does not exist.',
        "Ensure this value is less than or equal to 2147483647.",
        "Item 3: This field may not be blank.",
    ):
        assert translate(message) == message


def test_english_pages_say_which_resource_already_has_the_value_as_a_sentence(english):
    """The API keeps DRF's lowercase wording; staff read a sentence with its article."""
    assert translate("meta entry with this key already exists.") == (
        "A meta entry with this key already exists."
    )
    assert translate("employer with this name already exists.") == (
        "An employer with this name already exists."
    )
