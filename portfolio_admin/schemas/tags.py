"""What a tag accepts."""

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema, Name


class TagInput(InputSchema):
    """Fields of a tag, as sent to create or change one."""

    name: Name = Field(description="Unique name of the tag.")
    image: Id | None = Field(None, description="Id of an image in the media library.")
