"""What a media file accepts."""

from typing import Literal

from pydantic import Field

from portfolio_admin.schemas.common import InputSchema, Name
from portfolio_admin.schemas.queries import ListQuery


class MediaUploadInput(InputSchema):
    """The form fields of an upload besides the file itself."""

    name: Name | None = Field(None, description="Defaults to the file name without extension.")


class MediaInput(InputSchema):
    """What can change on a stored media file."""

    name: Name = Field(description="The name shown for the file.")


class MediaListQuery(ListQuery):
    """The media list's query: the shared ones, and the kind of file."""

    type: Literal["image", "video", "audio", "document", "file"] | None = Field(
        None, description="Only files of this kind."
    )
