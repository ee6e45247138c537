"""Output schemas: every response body exactly as ``api/serializers.py`` builds it.

The serializers write plain dicts for speed; these models only describe them, for the
OpenAPI document and for the tests that compare real responses with it. Field order is
output order, and every model forbids unknown keys, so a serializer that drifts from its
model (a key added, dropped or moved) fails those tests.
"""

from datetime import datetime
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model

Kind = Literal["image", "video", "audio", "document", "file"]


class OutputSchema(BaseModel):
    """Base of every output schema: exactly these keys, in this order."""

    model_config = ConfigDict(extra="forbid")


class ThumbnailOutput(OutputSchema):
    """A scaled copy of an image, at most ``size`` pixels on its longer side."""

    id: int
    f: str = Field(description="Absolute URL of the thumbnail.")
    size: int = Field(description="The bounding box in pixels: 64, 128, 512 or 1080.")


class MediaFileOutput(OutputSchema):
    """A media file that is not an image."""

    id: int
    type: Literal["video", "audio", "document", "file"]
    name: str
    size: int = Field(description="Size in bytes.")
    human_readable_size: str = Field(description='1024-based, e.g. "71.35 KB".')
    f: str = Field(description="Absolute URL of the file.")


class MediaImageOutput(OutputSchema):
    """An image in the media library, with its thumbnails."""

    id: int
    type: Literal["image"]
    name: str
    size: int = Field(description="Size in bytes.")
    human_readable_size: str = Field(description='1024-based, e.g. "71.35 KB".')
    f: str = Field(description="Absolute URL of the file.")
    width: int | None
    height: int | None
    mode: str | None = Field(description='Pillow\'s colour mode, e.g. "RGB".')
    thumbnails: list[ThumbnailOutput]


class MediaOutput(RootModel):
    """A media file: an image (with its size and thumbnails) or any other file."""

    root: Annotated[MediaImageOutput | MediaFileOutput, Field(discriminator="type")]


class MediaShortOutput(OutputSchema):
    """A media file of any kind without image details, as a meta entry shows it."""

    id: int
    type: Kind
    name: str
    size: int = Field(description="Size in bytes.")
    human_readable_size: str = Field(description='1024-based, e.g. "71.35 KB".')
    f: str = Field(description="Absolute URL of the file.")


class EmployerNestedOutput(OutputSchema):
    """An employer inside a portfolio."""

    id: int
    name: str
    image_data: MediaImageOutput | None
    description: str | None


class EmployerOutput(EmployerNestedOutput):
    """An employer."""

    created_at: datetime
    updated_at: datetime


class TagNestedOutput(OutputSchema):
    """A tag inside a portfolio."""

    id: int
    name: str
    image_data: MediaImageOutput | None


class TagOutput(TagNestedOutput):
    """A tag."""

    created_at: datetime
    updated_at: datetime


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


class MetaEntryOutput(OutputSchema):
    """A key/value entry of a portfolio; the value may be a text, a file, or both."""

    id: int
    key: str
    value_text: str | None
    value_file: MediaShortOutput | None


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


@cache
def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The paginated list envelope of ``item``: ``EmployerOutput`` -> ``EmployerPage``."""
    name = item.__name__.removesuffix("Output") + "Page"
    return create_model(
        name,
        __base__=OutputSchema,
        __doc__=f"A page of {item.__name__.removesuffix('Output')} items.",
        __module__=__name__,
        count=(int, Field(description="How many items all pages hold.")),
        next=(str | None, Field(description="Absolute URL of the next page.")),
        previous=(str | None, Field(description="Absolute URL of the previous page.")),
        results=(list[item], ...),
    )


MediaPage = page_of(MediaOutput)
EmployerPage = page_of(EmployerOutput)
TagPage = page_of(TagOutput)
PortfolioPage = page_of(PortfolioOutput)
LinkPage = page_of(LinkOutput)
MetaEntryPage = page_of(MetaEntryOutput)


class ErrorDetail(OutputSchema):
    """Every error that is not a validation error."""

    detail: str


class ValidationErrors(RootModel):
    """Messages by field name; errors not tied to one field are under ``non_field_errors``."""

    root: dict[str, list[str]]
