"""A media file: what an upload and a rename accept, the list's query, and its output."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from portfolio_admin.models.media import ALT_MAX_LENGTH
from portfolio_admin.schemas.common import (
    InputSchema,
    ListQuery,
    Name,
    OutputSchema,
    Text,
    page_of,
)
from portfolio_admin.services.thumbnails import THUMBNAIL_SIZES

OtherKind = Literal["video", "audio", "document", "file"]
Kind = Literal["image", OtherKind]


class MediaUploadInput(InputSchema):
    """The form fields of an upload besides the file itself."""

    name: Name | None = Field(None, description="Defaults to the file name without extension.")


class MediaUploadQuery(BaseModel):
    """The upload's query: what to do when the library already has the same bytes."""

    if_duplicate: Literal["create", "reuse"] = Field(
        "create",
        description="`create` (default) stores a new file anyway; `reuse` answers 200 with "
        "the file already stored (the first, as it is) instead.",
    )


class MediaFileInput(InputSchema):
    """A replacement file has no form fields besides the file itself."""


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
AltText = Annotated[str, StringConstraints(max_length=ALT_MAX_LENGTH)]


class FocalPoint(BaseModel):
    """Where an image's subject is, as shares of its width and height from the top left."""

    model_config = ConfigDict(extra="forbid", strict=True)  # "0.5" or true is no number

    x: Share = Field(description="0 is the left edge, 1 the right.")
    y: Share = Field(description="0 is the top edge, 1 the bottom.")


class MediaInput(InputSchema):
    """What can change on a stored media file; images also take alt text, a caption and
    a focal point."""

    added_fields = ("alt", "caption", "focal_point")

    name: Name = Field(description="The name shown for the file.")
    alt: AltText = Field("", description="Alt text of an image; empty when unset.")
    caption: Text | None = Field(None, description="Caption of an image.")
    focal_point: FocalPoint | None = Field(
        None, description="Where the subject of an image is; crops are cut around it."
    )


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
    width: int = Field(description="True width in pixels.")
    height: int = Field(description="True height in pixels.")


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


class SourceOutput(OutputSchema):
    """The thumbnails in one more format, for a ``<picture>``'s ``<source>``."""

    type: Literal["image/avif", "image/webp"]
    srcset: str = Field(description="As the image's `srcset`, in this format.")


class CropOutput(OutputSchema):
    """A fixed-ratio crop (setting `IMAGE_CROPS`) cut around the focal point."""

    f: str = Field(description="Absolute URL of the crop, in the original's format.")
    width: int = Field(description="As asked, or less (same ratio) for a smaller image.")
    height: int


class MediaImageOutput(MediaShortOutput):
    """An image in the media library, with its thumbnails."""

    type: Literal["image"]
    width: int | None
    height: int | None
    mode: str | None = Field(description='Pillow\'s colour mode, e.g. "RGB"; null for an SVG.')
    thumbnails: list[ThumbnailOutput]
    alt: str = Field(description='Alt text; "" when unset.')
    caption: str | None
    focal_point: FocalPoint | None = Field(description="Where the subject is; null: the centre.")
    dominant_color: str | None = Field(
        description='"#rrggbb"; null only for images stored before it was computed.'
    )
    placeholder: str | None = Field(
        description="A tiny blurred version to show while loading, as a `data:` URI of at "
        "most 600 bytes; null as for `dominant_color`."
    )
    srcset: str = Field(
        description='The thumbnails for an HTML `srcset`: "<url> 64w, <url> 128w, ...", '
        "true widths, each width once."
    )
    sources: list[SourceOutput] = Field(
        description="AVIF (when made: setting `IMAGE_AVIF`), then WebP, always."
    )
    crops: dict[str, CropOutput] = Field(
        description="By name, each crop of setting `IMAGE_CROPS` when the image was stored "
        "or its focal point last set."
    )


class MediaOutput(RootModel):
    """A media file: an image (with its size and thumbnails) or any other file."""

    root: Annotated[MediaImageOutput | MediaFileOutput, Field(discriminator="type")]


MediaPage = page_of(MediaOutput)
