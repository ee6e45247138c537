"""The API's output, built from plain rows in as few queries as possible.

Each resource's keys, and their order, are its output schema's (``schemas/``); here are
only the columns to read and the values computed from them (``api/output.py``).
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from flask import request
from sqlalchemy import select

from portfolio_admin.api.output import Computed, Shape, columns_of
from portfolio_admin.api.rows import ids_param, read_rows
from portfolio_admin.models import Employer, Link, MediaFile, MetaEntry, Tag, Thumbnail
from portfolio_admin.schemas.employers import EmployerNestedOutput, EmployerOutput
from portfolio_admin.schemas.links import LinkNestedOutput, LinkOutput
from portfolio_admin.schemas.media import (
    MediaFileOutput,
    MediaImageOutput,
    MediaShortOutput,
    ThumbnailOutput,
)
from portfolio_admin.schemas.meta import MetaEntryOutput
from portfolio_admin.schemas.tags import TagNestedOutput, TagOutput
from portfolio_admin.storage import get_storage

UNITS = ("B", "KB", "MB", "GB", "TB")


def human_readable_size(size: int) -> str:
    """1024-based, two decimals: 5123 -> ``"5.00 KB"``."""
    value = float(size)
    for unit in UNITS[:-1]:
        if value < 1024:
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} {UNITS[-1]}"


_SITE_ROOTED = ContextVar("site_rooted_file_urls", default=False)


@contextmanager
def site_rooted_file_urls():
    """Output made inside leaves URLs rooted at the site (``/media/...``), without a host:
    for output stored to be read later, on whatever host (or none, in a command)."""
    token = _SITE_ROOTED.set(True)
    try:
        yield
    finally:
        _SITE_ROOTED.reset(token)


class FileUrls:
    """Absolute file URLs: the storage's own, or rooted at this request's host."""

    def __init__(self):
        self.storage_url = get_storage().url
        self.host = "" if _SITE_ROOTED.get() else request.host_url.rstrip("/")

    def __call__(self, path: str) -> str:
        url = self.storage_url(path)
        return self.host + url if url[0] == "/" else url


def _readable_size(url: FileUrls, size: int) -> str:
    return human_readable_size(size)


def _no_thumbnails_yet(url: FileUrls) -> list:
    return []


def _made_from_thumbnails(url: FileUrls) -> None:
    return None  # filled in by media_data once the image's thumbnails are read


def _focal_point(url: FileUrls, x: float | None, y: float | None) -> dict | None:
    return None if x is None or y is None else {"x": x, "y": y}


def _crops(url: FileUrls, crops: dict | None) -> dict:
    return {
        name: {"f": url(crop["path"]), "width": crop["width"], "height": crop["height"]}
        for name, crop in (crops or {}).items()
    }


def srcset(candidates: list[tuple[int, str]]) -> str:
    """``"<url> 64w, <url> 128w, ..."`` of (width, url) pairs in order of their boxes: each
    true width once, from the smallest box (an image smaller than a box makes several
    thumbnails of its own width)."""
    widths: dict[int, str] = {}
    for width, url in candidates:
        widths.setdefault(width, url)
    return ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))


def _fill_srcsets(image: dict, variants: list[tuple[str | None, str | None]], url) -> None:
    """The image's ``srcset`` and ``sources``, from its thumbnails and their variants
    (``(webp_path, avif_path)`` each; a WebP original's thumbnails are WebP already)."""
    thumbnails = image["thumbnails"]
    image["srcset"] = srcset([(thumb["width"], thumb["f"]) for thumb in thumbnails])
    sources = []
    webp_original = image["f"].endswith(".webp")
    for kind, at in (("image/avif", 1), ("image/webp", 0)):
        candidates = []
        for thumb, paths in zip(thumbnails, variants, strict=True):
            if paths[at]:
                candidates.append((thumb["width"], url(paths[at])))
            elif kind == "image/webp" and webp_original:
                candidates.append((thumb["width"], thumb["f"]))
        if candidates and len(candidates) == len(thumbnails):
            sources.append({"type": kind, "srcset": srcset(candidates)})
    image["sources"] = sources


# Media items take the request's FileUrls as their context.
MEDIA_GETTERS = {
    "human_readable_size": Computed(_readable_size, "size"),
    "f": Computed(FileUrls.__call__, "path"),
}
MEDIA_FILE_OUTPUT = Shape(MediaFileOutput, MediaFile, getters=MEDIA_GETTERS)
MEDIA_IMAGE_OUTPUT = Shape(
    MediaImageOutput,
    MediaFile,
    getters=MEDIA_GETTERS
    | {
        "thumbnails": Computed(_no_thumbnails_yet),
        "focal_point": Computed(_focal_point, "focal_x", "focal_y"),
        "srcset": Computed(_made_from_thumbnails),
        "sources": Computed(_made_from_thumbnails),
        "crops": Computed(_crops, "crops"),
    },
)
# Thumbnails come in the same rows as their image, under their own names.
THUMBNAIL_OUTPUT = Shape(
    ThumbnailOutput,
    Thumbnail,
    getters={
        "id": Thumbnail.id.label("thumb_id"),
        "f": Computed(FileUrls.__call__, Thumbnail.path.label("thumb_path")),
        "size": Thumbnail.size.label("thumb_size"),
        "width": Thumbnail.width.label("thumb_width"),
        "height": Thumbnail.height.label("thumb_height"),
    },
)

# media_data reads the first three columns by position.
MEDIA = (
    select(
        *columns_of(
            MediaFile.id,
            MediaFile.type,
            Thumbnail.id.label("thumb_id"),
            MEDIA_IMAGE_OUTPUT,
            MEDIA_FILE_OUTPUT,
            THUMBNAIL_OUTPUT,
            Thumbnail.webp_path.label("thumb_webp_path"),
            Thumbnail.avif_path.label("thumb_avif_path"),
        )
    )
    .outerjoin(Thumbnail, Thumbnail.media_id == MediaFile.id)
    .where(MediaFile.id.in_(ids_param()))
    .order_by(MediaFile.id, Thumbnail.size)
)
_image_item = MEDIA_IMAGE_OUTPUT.reader(MEDIA)
_file_item = MEDIA_FILE_OUTPUT.reader(MEDIA)
_thumbnail_item = THUMBNAIL_OUTPUT.reader(MEDIA)
_WEBP_AT = list(MEDIA.selected_columns.keys()).index("thumb_webp_path")
_AVIF_AT = list(MEDIA.selected_columns.keys()).index("thumb_avif_path")


def media_data(ids: Iterable[int | None]) -> dict[int, dict]:
    """Each media file's output by id, its thumbnails included, in one query."""
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    url = FileUrls()
    result: dict[int, dict] = {}
    variants: dict[int, list] = {}  # each image's thumbnails' (webp_path, avif_path)
    for row in read_rows(MEDIA, {"ids": wanted}):
        media_id, kind, thumb_id = row[0], row[1], row[2]
        item = result.get(media_id)
        if item is None:
            if kind == "image":
                item = result[media_id] = _image_item(row, url)
                variants[media_id] = []
            else:
                item = result[media_id] = _file_item(row, url)
        if thumb_id is not None:
            item["thumbnails"].append(_thumbnail_item(row, url))
            if kind == "image":
                variants[media_id].append((row[_WEBP_AT], row[_AVIF_AT]))
    for media_id, paths in variants.items():
        _fill_srcsets(result[media_id], paths, url)
    return result


def serializer(shape: Shape, media_column: str) -> Callable[[list], list[dict]]:
    """The output of rows of ``select(*shape.columns)``, each showing the media file whose
    id is in ``media_column``; one query reads all of those files."""
    media_at = [column.key for column in shape.columns].index(media_column)
    item = shape.item

    def serialize(rows) -> list[dict]:
        media = media_data(row[media_at] for row in rows)
        return [item(row, media) for row in rows]

    return serialize


# Employers, tags, links and meta entries take the media output by id as their context.
IMAGE_DATA = {"image_data": Computed(dict.get, "image_id")}
EMPLOYER_OUTPUT = Shape(EmployerOutput, Employer, getters=IMAGE_DATA)
EMPLOYER_NESTED_OUTPUT = Shape(EmployerNestedOutput, Employer, getters=IMAGE_DATA)
employers_data = serializer(EMPLOYER_OUTPUT, "image_id")

TAG_OUTPUT = Shape(TagOutput, Tag, getters=IMAGE_DATA)
TAG_NESTED_OUTPUT = Shape(TagNestedOutput, Tag, getters=IMAGE_DATA)
tags_data = serializer(TAG_OUTPUT, "image_id")

LINK_OUTPUT = Shape(LinkOutput, Link, getters=IMAGE_DATA)
LINK_NESTED_OUTPUT = Shape(LinkNestedOutput, Link, getters=IMAGE_DATA)
links_data = serializer(LINK_OUTPUT, "image_id")

SHORT_FILE_KEYS = tuple(MediaShortOutput.model_fields)


def _short_file(media: dict[int, dict], file_id: int | None) -> dict | None:
    """The entry's file without image details: the first keys of any media output."""
    found = media.get(file_id)
    return None if found is None else {key: found[key] for key in SHORT_FILE_KEYS}


META_ENTRY_OUTPUT = Shape(
    MetaEntryOutput,
    MetaEntry,
    getters={"value_file": Computed(_short_file, "value_file_id")},
)
meta_data = serializer(META_ENTRY_OUTPUT, "value_file_id")
