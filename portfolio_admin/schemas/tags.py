"""A tag: what it accepts, and its output on its own and inside a portfolio."""

from datetime import datetime

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema, Name, OutputSchema
from portfolio_admin.schemas.media import MediaImageOutput


class TagInput(InputSchema):
    """Fields of a tag, as sent to create or change one."""

    name: Name = Field(description="Unique name of the tag.")
    image: Id | None = Field(None, description="Id of an image in the media library.")


class TagNestedOutput(OutputSchema):
    """A tag inside a portfolio."""

    id: int
    name: str
    image_data: MediaImageOutput | None


class TagOutput(TagNestedOutput):
    """A tag."""

    created_at: datetime
    updated_at: datetime
