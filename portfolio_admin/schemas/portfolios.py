"""A portfolio: what it accepts, the list's query, and its output with everything it shows."""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from portfolio_admin.schemas.common import (
    MAX_ID,
    Id,
    InputSchema,
    ListQuery,
    Name,
    OutputSchema,
    RequiredText,
    Text,
    normalised_name,
)
from portfolio_admin.schemas.employers import EmployerNestedOutput
from portfolio_admin.schemas.links import LinkNestedOutput
from portfolio_admin.schemas.media import MediaImageOutput
from portfolio_admin.schemas.meta import MetaEntryOutput
from portfolio_admin.schemas.tags import TagNestedOutput
from portfolio_admin.timestamps import in_utc

SLUG = re.compile(r"^[-\w]+$")
MAX_LIST = 500
MAX_ORDER = MAX_ID


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
IdList = Annotated[list[Id], Field(max_length=MAX_LIST)]


class PortfolioInput(InputSchema):
    """Fields of a portfolio, as sent to create or change one."""

    title: Name = Field(description="Unique title.")
    slug: Slug = Field(description="Unique slug: letters of any script, digits, - and _.")
    excerpt: RequiredText = Field(description="Short description.")
    description: Text | None = Field(None, description="Full description.")
    image: Id | None = Field(None, description="Id of the cover image.")
    images: IdList = Field([], description="Ids of the gallery images, in order.")
    order: int = Field(0, ge=-MAX_ID, le=MAX_ORDER, description="Display order, lowest first.")
    employer: Id | None = Field(None, description="Id of the employer.")
    tags: IdList = Field([], description="Ids of the tags, in order.")
    is_active: bool = Field(True, description="Shown on the public site.")
    completed_at: Timestamp = Field(
        None, description="When the project was finished: a date or a datetime."
    )


class PortfolioListQuery(ListQuery):
    """The portfolio list's query: the shared ones and its filters."""

    is_active: bool | None = Field(None, description="Only active (or inactive) portfolios.")
    # Ids, bounded like every id: a larger number would overflow the database's integer.
    employer: Annotated[Id | None, Field(description="Only this employer's.")] = None
    tags: list[Id] = Field(
        [], description="Only portfolios with any of these tags (repeat the parameter)."
    )
    slug: Annotated[
        str | None,
        Field(max_length=255, description="The portfolio with this slug."),
        BeforeValidator(normalised_name),  # as slugs are stored
    ] = None


class PortfolioOutput(OutputSchema):
    """A portfolio with everything it shows."""

    id: int
    title: str
    slug: str
    excerpt: str
    order: int
    image_data: MediaImageOutput | None
    employer_data: EmployerNestedOutput | None
    tags_data: list[TagNestedOutput]
    links_data: list[LinkNestedOutput]
    is_active: bool
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    description: str | None
    images_data: list[MediaImageOutput] = Field(description="The gallery, in order.")
    meta: list[MetaEntryOutput]


class PortfolioOrderInput(InputSchema):
    """A new display order, as the admin's portfolio list sends it."""

    ids: IdList = Field(description="Ids of the portfolios, in their new order.")
