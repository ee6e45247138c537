"""The API's output shapes, built from plain rows in as few queries as possible.

Field order here is the order the public site sees (the contract's examples).
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from flask import request
from sqlalchemy import select

from portfolio_admin.api.rows import ids_param, read_rows
from portfolio_admin.models import Employer, Link, MediaFile, MetaEntry, Tag, Thumbnail
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


MEDIA_COLUMNS = (
    MediaFile.id,
    MediaFile.type,
    MediaFile.name,
    MediaFile.size,
    MediaFile.path,
    MediaFile.width,
    MediaFile.height,
    MediaFile.mode,
    Thumbnail.id.label("thumb_id"),
    Thumbnail.path.label("thumb_path"),
    Thumbnail.size.label("thumb_size"),
)


MEDIA = (
    select(*MEDIA_COLUMNS)
    .outerjoin(Thumbnail, Thumbnail.media_id == MediaFile.id)
    .where(MediaFile.id.in_(ids_param()))
    .order_by(MediaFile.id, Thumbnail.size)
)


def media_data(ids: Iterable[int | None]) -> dict[int, dict]:
    """Each media file's output by id, its thumbnails included, in one query."""
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    url = FileUrls()
    result: dict[int, dict] = {}
    for row in read_rows(MEDIA, {"ids": wanted}):
        item = result.get(row.id)
        if item is None:
            item = result[row.id] = media_item(row, url)
        if row.thumb_id is not None:
            item["thumbnails"].append(
                {"id": row.thumb_id, "f": url(row.thumb_path), "size": row.thumb_size}
            )
    return result


def media_item(row, url: FileUrls) -> dict:
    """One media file's fields (thumbnails still to be added for images)."""
    item = {
        "id": row.id,
        "type": row.type,
        "name": row.name,
        "size": row.size,
        "human_readable_size": human_readable_size(row.size),
        "f": url(row.path),
    }
    if row.type == "image":
        item.update(width=row.width, height=row.height, mode=row.mode, thumbnails=[])
    return item


EMPLOYER_COLUMNS = (
    Employer.id,
    Employer.name,
    Employer.image_id,
    Employer.description,
    Employer.created_at,
    Employer.updated_at,
)


def employers_data(rows) -> list[dict]:
    """Employers' output, as the employer endpoints show them."""
    media = media_data(row.image_id for row in rows)
    return [employer_item(row, media) for row in rows]


def employer_item(row, media: dict[int, dict], *, nested: bool = False) -> dict:
    """One employer; ``nested`` is the shorter form shown inside a portfolio."""
    item = {
        "id": row.id,
        "name": row.name,
        "image_data": media.get(row.image_id),
        "description": row.description,
    }
    if not nested:
        item["created_at"] = row.created_at
        item["updated_at"] = row.updated_at
    return item


TAG_COLUMNS = (Tag.id, Tag.name, Tag.image_id, Tag.created_at, Tag.updated_at)


def tags_data(rows) -> list[dict]:
    """Tags' output, as the tag endpoints show them."""
    media = media_data(row.image_id for row in rows)
    return [tag_item(row, media) for row in rows]


def tag_item(row, media: dict[int, dict], *, nested: bool = False) -> dict:
    """One tag; ``nested`` is the shorter form shown inside a portfolio."""
    item = {"id": row.id, "name": row.name, "image_data": media.get(row.image_id)}
    if not nested:
        item["created_at"] = row.created_at
        item["updated_at"] = row.updated_at
    return item


def short_file(media: dict | None) -> dict | None:
    """A media file without image details, as meta entries show it."""
    if media is None:
        return None
    return {key: media[key] for key in FILE_KEYS}


FILE_KEYS = ("id", "type", "name", "size", "human_readable_size", "f")

LINK_COLUMNS = (
    Link.id,
    Link.portfolio_id,
    Link.name,
    Link.url,
    Link.image_id,
    Link.description,
    Link.created_at,
    Link.updated_at,
)


def links_data(rows) -> list[dict]:
    """Links' output, as the link endpoints show them."""
    media = media_data(row.image_id for row in rows)
    return [link_item(row, media) for row in rows]


def link_item(row, media: dict[int, dict], *, nested: bool = False) -> dict:
    """One link; inside a portfolio it has no timestamps and its image comes last."""
    if nested:
        return {
            "id": row.id,
            "name": row.name,
            "url": row.url,
            "description": row.description,
            "image_data": media.get(row.image_id),
        }
    return {
        "id": row.id,
        "name": row.name,
        "url": row.url,
        "image_data": media.get(row.image_id),
        "description": row.description,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


META_COLUMNS = (
    MetaEntry.id,
    MetaEntry.portfolio_id,
    MetaEntry.key,
    MetaEntry.value_text,
    MetaEntry.value_file_id,
)


def meta_data(rows) -> list[dict]:
    """Meta entries' output; a file is shown without image details."""
    media = media_data(row.value_file_id for row in rows)
    return [meta_item(row, media) for row in rows]


def meta_item(row, media: dict[int, dict]) -> dict:
    return {
        "id": row.id,
        "key": row.key,
        "value_text": row.value_text,
        "value_file": short_file(media.get(row.value_file_id)),
    }
