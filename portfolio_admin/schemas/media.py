"""A media file: what an upload and a rename accept, the list's query, and its output."""

from typing import Annotated, Literal

from pydantic import Field, RootModel

from portfolio_admin.schemas.common import InputSchema, ListQuery, Name, OutputSchema, page_of
from portfolio_admin.services.thumbnails import THUMBNAIL_SIZES

OtherKind = Literal["video", "audio", "document", "file"]
Kind = Literal["image", OtherKind]


class MediaUploadInput(InputSchema):
    """The form fields of an upload besides the file itself."""

    name: Name | None = Field(None, description="Defaults to the file name without extension.")


class MediaInput(InputSchema):
    """What can change on a stored media file."""

    name: Name = Field(description="The name shown for the file.")


class MediaListQuery(ListQuery):
    """The media list's query: the shared ones, and the kind of file."""

    type: Kind | None = Field(None, description="Only files of this kind.")


def _either(sizes: tuple[int, ...]) -> str:
    """``(64, 128, 512)`` -> ``"64, 128 or 512"``."""
    *rest, last = map(str, sizes)
    return f"{', '.join(rest)} or {last}" if rest else last


class ThumbnailOutput(OutputSchema):
    """A scaled copy of an image, at most ``size`` pixels on its longer side."""

    id: int
    f: str = Field(description="Absolute URL of the thumbnail.")
    size: int = Field(description=f"The bounding box in pixels: {_either(THUMBNAIL_SIZES)}.")


class MediaShortOutput(OutputSchema):
    """A media file of any kind without image details, as a meta entry shows it."""

    id: int
    type: Kind
    name: str
    size: int = Field(description="Size in bytes.")
    human_readable_size: str = Field(description='1024-based, e.g. "71.35 KB".')
    f: str = Field(description="Absolute URL of the file.")


class MediaFileOutput(MediaShortOutput):
    """A media file that is not an image."""

    type: OtherKind


class MediaImageOutput(MediaShortOutput):
    """An image in the media library, with its thumbnails."""

    type: Literal["image"]
    width: int | None
    height: int | None
    mode: str | None = Field(description='Pillow\'s colour mode, e.g. "RGB".')
    thumbnails: list[ThumbnailOutput]


class MediaOutput(RootModel):
    """A media file: an image (with its size and thumbnails) or any other file."""

    root: Annotated[MediaImageOutput | MediaFileOutput, Field(discriminator="type")]


MediaPage = page_of(MediaOutput)
