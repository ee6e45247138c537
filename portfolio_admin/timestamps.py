"""Moments as they are stored: aware datetimes in UTC, within the years 1 to 9999 that a
datetime (and so every query and every page) can hold."""

from datetime import UTC, date, datetime, time, timedelta, tzinfo

OUT_OF_RANGE = "Datetime value out of range."


def in_utc(value: datetime) -> datetime:
    """``value`` in UTC (without an offset it is taken as UTC already).

    ``ValueError`` when UTC cannot hold it: year 1 at +01:00 is still year 0 in UTC.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(OUT_OF_RANGE) from None


def day_start(day: date, zone: tzinfo) -> datetime:
    """The moment ``day`` begins in ``zone``, in UTC (``ValueError`` when UTC cannot hold it)."""
    return in_utc(datetime.combine(day, time(), zone))


def day_end(day: date, zone: tzinfo) -> datetime:
    """The moment ``day`` ends in ``zone`` (the next begins), in UTC, or ``ValueError``."""
    if day == date.max:
        raise ValueError(OUT_OF_RANGE)
    return day_start(day + timedelta(days=1), zone)
