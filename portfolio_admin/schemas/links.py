"""A link of a portfolio: what it accepts, and its output on its own and inside a portfolio."""

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from portfolio_admin.schemas.common import Id, InputSchema, Name, OutputSchema, Text
from portfolio_admin.schemas.media import MediaImageOutput


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError("Enter a valid URL with the http or https scheme.")
    if not parts.hostname or any(c.isspace() for c in value):
        raise ValueError("Enter a valid URL.")
    return value


HttpUrl = Annotated[str, Field(max_length=2048), AfterValidator(_http_url)]


class LinkInput(InputSchema):
    """Fields of a link, as sent to create or change one."""

    name: Name = Field(description="Name shown for the link (need not be unique).")
    url: HttpUrl | None = Field(None, description="An http or https URL.")
    image: Id | None = Field(None, description="Id of an image in the media library.")
    description: Text | None = Field(None, description="What the link leads to.")


class LinkNestedOutput(OutputSchema):
    """A link inside a portfolio: no timestamps, and its image comes last."""

    id: int
    name: str
    url: str | None
    description: str | None
    image_data: MediaImageOutput | None


class LinkOutput(OutputSchema):
    """A link of a portfolio."""

    id: int
    name: str
    url: str | None
    image_data: MediaImageOutput | None
    description: str | None
    created_at: datetime
    updated_at: datetime
