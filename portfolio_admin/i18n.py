"""Which language a page is shown in, which way its text runs, and how numbers and dates
read in it: Persian digits, and the Solar Hijri (Jalali) date beside the stored Gregorian
one."""

from datetime import date, datetime

import jdatetime
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale, to_user_timezone
from flask_login import current_user

RIGHT_TO_LEFT = {"fa", "ar", "he", "ur", "ps", "ckb"}
# The digits of CLDR's numbering systems that are not Latin (Persian uses "arabext").
# Babel gives a locale's separators but always writes Latin digits.
DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}
_ASCII_DIGITS = str.maketrans("".join(DIGITS.values()), "0123456789" * len(DIGITS))


def select_locale() -> str:
    """The signed-in user's language; else the browser's best match among the offered
    ones (``Accept-Language``); else the default."""
    offered = current_app.config["LANGUAGES"]
    language = getattr(current_user, "language", None) if current_user else None
    if language in offered:
        return language
    if has_request_context():
        best = request.accept_languages.best_match(offered)
        if best:
            return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def page_language() -> dict:
    """``lang`` and ``dir`` for the ``<html>`` element of every page."""
    code = _language()
    return {"page_lang": code, "page_dir": "rtl" if code in RIGHT_TO_LEFT else "ltr"}


def language_name(code: str) -> str:
    """A language's name in itself: ``fa`` -> ``فارسی``."""
    return Locale.parse(code).get_display_name(code)


def ascii_digits(value):
    """Persian and Arabic-Indic digits in ``value`` as ASCII ones (for typed numbers);
    anything but text is returned unchanged."""
    return value.translate(_ASCII_DIGITS) if isinstance(value, str) else value


def number(value, format: str | None = None) -> str:
    """``value`` written the page language's way: ``1,234`` or ``۱٬۲۳۴``."""
    locale = get_locale() or Locale.parse("en")
    text = format_decimal(value, format=format, locale=locale, numbering_system="default")
    digits = DIGITS.get(locale.default_numbering_system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def join_list(items) -> str:
    """``items`` joined the page language's way: ``a, b``, or with the Persian comma
    ``a، b``."""
    return ("، " if _language() == "fa" else ", ").join(str(item) for item in items)


def jalali_date(value: date) -> str:
    """The Solar Hijri date of ``value``, in Persian: ``۲ آذر ۱۴۰۵``."""
    day = jdatetime.date.fromgregorian(date=value)
    month = jdatetime.date.j_months_fa[day.month - 1]
    return f"{number(day.day)} {month} {number(day.year, '0')}"


def _calendar_day(value: date | datetime | str) -> date | None:
    """The day ``value`` falls on in the configured time zone (``TIMEZONE``); text is
    read as an ISO date (a form's value), ``None`` when it is not one."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return to_user_timezone(value).date() if isinstance(value, datetime) else value


def local_date(value: date | datetime | str | None) -> str:
    """A date as staff read it: ``23 Nov 2026``, or in Persian the Jalali date with the
    Gregorian one beside it: ``۲ آذر ۱۴۰۵ (23 Nov 2026)``, the Gregorian date isolated
    as left-to-right text (U+2066...U+2069) so a right-to-left line keeps its order.
    Days the Jalali calendar cannot write are shown in Gregorian only."""
    day = _calendar_day(value) if value is not None else None
    if day is None:
        return ""
    gregorian = babel_format_date(day, "d MMM y", locale="en")
    if _language() != "fa":
        return gregorian
    try:
        jalali = jalali_date(day)
    except ValueError:  # before 622 or after March 9999: no Jalali year jdatetime writes
        return gregorian
    return f"{jalali} (\u2066{gregorian}\u2069)"


def local_datetime(value: datetime | None) -> str:
    """A moment in the configured time zone: ``23 Nov 2026, 13:35``, or in Persian
    ``۲ آذر ۱۴۰۵ (23 Nov 2026)، ۱۳:۳۵``."""
    if value is None:
        return ""
    moment = to_user_timezone(value)
    time = f"{number(moment.hour, '00')}:{number(moment.minute, '00')}"
    comma = "،" if _language() == "fa" else ","
    return f"{local_date(moment.date())}{comma} {time}"


def register_filters(app: Flask) -> None:
    """The Jinja filters ``number``, ``join_list``, ``local_date`` and ``local_datetime``."""
    app.add_template_filter(number)
    app.add_template_filter(join_list)
    app.add_template_filter(local_date)
    app.add_template_filter(local_datetime)
