"""What a portfolio, a link and a meta entry accept."""

import re
from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from portfolio_admin.schemas.common import Id, InputSchema, Name, RequiredText, Text
from portfolio_admin.timestamps import in_utc

SLUG = re.compile(r"^[-\w]+$")
MAX_LIST = 500
INT32 = 2**31 - 1
MAX_ORDER = INT32


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            "Enter a valid slug consisting of letters, numbers, underscores or hyphens."
        )
    return value


ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _date_or_datetime(value):
    """A bare date means midnight UTC; a datetime without an offset is taken as UTC.

    Only ISO 8601 text (or a date or datetime object) is a timestamp: pydantic would also
    read a number, or a string of digits, as seconds since 1970.
    """
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), UTC)
    wrong_format = PydanticCustomError("datetime_parsing", "Input should be a valid datetime")
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        raise wrong_format
    if ISO_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise wrong_format from None
        return datetime.combine(day, datetime.min.time(), UTC)
    return value


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else in_utc(value)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError("Enter a valid URL with the http or https scheme.")
    if not parts.hostname or any(c.isspace() for c in value):
        raise ValueError("Enter a valid URL.")
    return value


Slug = Annotated[Name, AfterValidator(_slug)]
Timestamp = Annotated[
    datetime | None,
    BeforeValidator(_date_or_datetime),
    AfterValidator(_utc),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
                {"type": "null"},
            ]
        }
    ),
]
HttpUrl = Annotated[str, Field(max_length=2048), AfterValidator(_http_url)]
IdList = Annotated[list[Id], Field(max_length=MAX_LIST)]


class PortfolioInput(InputSchema):
    """Fields of a portfolio, as sent to create or change one."""

    title: Name = Field(description="Unique title.")
    slug: Slug = Field(description="Unique slug: letters of any script, digits, - and _.")
    excerpt: RequiredText = Field(description="Short description.")
    description: Text | None = Field(None, description="Full description.")
    image: Id | None = Field(None, description="Id of the cover image.")
    images: IdList = Field([], description="Ids of the gallery images, in order.")
    order: int = Field(0, ge=-INT32, le=MAX_ORDER, description="Display order, lowest first.")
    employer: Id | None = Field(None, description="Id of the employer.")
    tags: IdList = Field([], description="Ids of the tags, in order.")
    is_active: bool = Field(True, description="Shown on the public site.")
    completed_at: Timestamp = Field(
        None, description="When the project was finished: a date or a datetime."
    )


class LinkInput(InputSchema):
    """Fields of a link, as sent to create or change one."""

    name: Name = Field(description="Name shown for the link (need not be unique).")
    url: HttpUrl | None = Field(None, description="An http or https URL.")
    image: Id | None = Field(None, description="Id of an image in the media library.")
    description: Text | None = Field(None, description="What the link leads to.")


class MetaInput(InputSchema):
    """Fields of a meta entry, as sent to create or change one."""

    key: Name = Field(description="Unique within its portfolio.")
    value_text: Text | None = Field(None, description="A text value.")
    value_file: Id | None = Field(None, description="Id of a media file of any kind.")


class PortfolioOrderInput(InputSchema):
    """A new display order, as the admin's portfolio list sends it."""

    ids: IdList = Field(description="Ids of the portfolios, in their new order.")
