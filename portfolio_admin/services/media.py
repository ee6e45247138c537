"""The media library: store uploads with their thumbnails (or reuse an identical file),
replace a file, rename, delete, regenerate.

Files and rows are written together or not at all (see ``file_changes``).
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select

from portfolio_admin.config import avif_mode
from portfolio_admin.models import MediaFile, Thumbnail
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import file_changes, locking, svg_images
from portfolio_admin.services.decode_slots import decode_slot
from portfolio_admin.services.errors import TooLarge, ValidationError
from portfolio_admin.services.integrity import assign
from portfolio_admin.services.media_types import (
    claims_image,
    display_name,
    extension_of,
    safe_extension,
    safe_stem,
    sniff_type,
)
from portfolio_admin.services.media_usage import media_usage
from portfolio_admin.services.svg_images import SvgImage
from portfolio_admin.services.thumbnails import (
    ImageError,
    inspect_image,
    make_image_outputs,
)
from portfolio_admin.storage import get_storage
from portfolio_admin.text import control_character_problem

log = logging.getLogger(__name__)

FIELD = "f"
NOT_AN_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)


def _size_of(stream: BinaryIO) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


@dataclass(frozen=True)
class _Upload:
    """What an uploaded file was found to be, before anything is stored."""

    kind: str
    size: int
    sha256: str  # of the file as uploaded, hex
    extension: str  # to store it under, without the dot
    width: int | None = None
    height: int | None = None
    mode: str | None = None  # a raster image's, as Pillow names it
    svg: SvgImage | None = None  # an SVG, sanitised: what is stored


def _examine(stream: BinaryIO, filename: str, content_type: str | None) -> _Upload:
    """Check an upload and find its kind by content; ``ValidationError`` on ``f`` for a
    bad one, ``TooLarge`` past ``MAX_UPLOAD_MB``."""
    if problem := control_character_problem(filename):
        raise ValidationError({FIELD: [problem]})  # "shell.php\x00.png" is nobody's file
    config = current_app.config
    size = _size_of(stream)
    if size == 0:
        raise ValidationError({FIELD: ["The submitted file is empty."]})
    if size > config["MAX_UPLOAD_MB"] * 1024 * 1024:
        raise TooLarge(f"The file is larger than {config['MAX_UPLOAD_MB']:g} MB.")
    sha256 = _digest(stream)
    try:
        info = inspect_image(stream, config["MAX_IMAGE_PIXELS"], decode_slot)
        stream.seek(0)
        if info is None and _is_svg(stream, filename, content_type):
            svg = svg_images.make_safe(stream.read(), config["MAX_IMAGE_PIXELS"])
            stream.seek(0)
            return _Upload("image", size, sha256, "svg", svg.width, svg.height, svg=svg)
    except ImageError as exc:
        raise ValidationError({FIELD: [str(exc)]}) from exc
    stream.seek(0)
    if info is None and claims_image(filename, content_type):
        raise ValidationError({FIELD: [NOT_AN_IMAGE]})
    if info:
        return _Upload("image", size, sha256, info.extension, info.width, info.height, info.mode)
    return _Upload(sniff_type(stream, filename), size, sha256, safe_extension(filename))


def _is_svg(stream: BinaryIO, filename: str, content_type: str | None) -> bool:
    """Whether an upload is an SVG by its content, or says it is one (then it must be)."""
    head = stream.read(4096)
    stream.seek(0)
    claimed = extension_of(filename) == "svg" or content_type == "image/svg+xml"
    return claimed or svg_images.looks_like_svg(head)


def _digest(stream: BinaryIO) -> str:
    stream.seek(0)
    digest = hashlib.file_digest(stream, "sha256").hexdigest()
    stream.seek(0)
    return digest


def _save(upload: _Upload, stream: BinaryIO, filename: str) -> str:
    """Store the upload's file under a new name (``core_media/<date>/<stem>.<ext>``)."""
    folder = f"core_media/{utcnow():%Y/%m/%d}"
    extension = f".{upload.extension}" if upload.extension else ""
    wanted = f"{folder}/{safe_stem(filename)}{extension}"
    content = io.BytesIO(upload.svg.data) if upload.svg else stream
    content.seek(0)
    path = get_storage().save(wanted, content, sanitised=upload.svg is not None)
    file_changes.written(path)
    return path


def _describe(media: MediaFile, upload: _Upload, path: str, stream: BinaryIO) -> None:
    """Point ``media`` at the stored file and, for an image, make its thumbnails."""
    media.type, media.path, media.size = upload.kind, path, upload.size
    media.sha256 = upload.sha256
    media.width, media.height, media.mode = upload.width, upload.height, upload.mode
    if upload.svg:
        media.size = len(upload.svg.data)  # what is stored and served
        _add_thumbnails(media, io.BytesIO(upload.svg.data))
    elif media.is_image:
        stream.seek(0)
        _add_thumbnails(media, stream)


def store_upload(
    stream: BinaryIO,
    filename: str,
    name: str | None = None,
    content_type: str | None = None,
    *,
    images_only: bool = False,
) -> MediaFile:
    """Store an uploaded file (and, for an image, its thumbnails) as a new media file.

    The kind of file is decided by its content. Raises ``ValidationError`` on field ``f``
    for a file name with control characters, an empty, truncated, oversized-in-pixels or
    fake image, any file but an image when ``images_only`` (before anything is stored),
    and ``TooLarge`` past ``MAX_UPLOAD_MB``.
    """
    upload = _examine(stream, filename, content_type)
    if images_only and upload.kind != "image":
        raise ValidationError({FIELD: ["The file is not an image."]})
    return _store(upload, stream, filename, name)


def _store(upload: _Upload, stream: BinaryIO, filename: str, name: str | None) -> MediaFile:
    media = MediaFile(name=name or display_name(filename))
    _describe(media, upload, _save(upload, stream, filename), stream)
    db.session.add(media)
    db.session.flush()
    return media


def store_or_reuse(
    stream: BinaryIO, filename: str, name: str | None = None, content_type: str | None = None
) -> tuple[MediaFile, bool]:
    """``store_upload``, unless the library already has a file with the same bytes: then
    that one (the first stored), untouched. Returns the file and whether it is new.

    Uploads of the same bytes take turns, so two at once store it once."""
    upload = _examine(stream, filename, content_type)
    locking.take_turns(f"media-sha256:{upload.sha256}")
    existing = find_duplicate(upload.sha256, keep=True)
    if existing is not None:
        return existing, False
    return _store(upload, stream, filename, name), True


def find_duplicate(sha256: str, *, keep: bool = False) -> MediaFile | None:
    """The first stored media file whose bytes have this SHA-256 (hex), if any; ``keep``
    stops it from being deleted until the transaction ends."""
    stmt = select(MediaFile).where(MediaFile.sha256 == sha256).order_by(MediaFile.id).limit(1)
    return db.session.scalar(locking.keep(stmt) if keep else stmt)


def duplicate_of(stream: BinaryIO) -> MediaFile | None:
    """The media file that already holds exactly the bytes of ``stream``, if any."""
    return find_duplicate(_digest(stream))


def unhashed_files() -> list[int]:
    """The ids of media files stored before their SHA-256 was kept (migration
    ``media_hash``), in order."""
    stmt = select(MediaFile.id).where(MediaFile.sha256.is_(None)).order_by(MediaFile.id)
    return list(db.session.scalars(stmt))


def hash_file(media: MediaFile) -> None:
    """Store the SHA-256 of a media file's stored bytes; ``FileNotFoundError`` if the file
    is missing."""
    with get_storage().open(media.path) as stored:
        media.sha256 = _digest(stored)


SAME_KIND = {
    "image": "The new file must be an image, like the one it replaces.",
    "other": "The new file must be of the same kind as the one it replaces.",
}


def replace_file(
    media: MediaFile, stream: BinaryIO, filename: str, content_type: str | None = None
) -> MediaFile:
    """Put an uploaded file in the place of a media file's, keeping its id, name, alt
    text, caption, focal point and every reference to it.

    The new file must be of the same kind (``ValidationError`` on ``f``, as for a bad
    upload). An image gets new thumbnails, variants and crops. The old files are deleted
    once the transaction commits; if it fails, the new ones are (``file_changes``).
    ``NotFound`` if the file is deleted meanwhile.
    """
    upload = _examine(stream, filename, content_type)
    locking.lock(media)  # a second replace (or a delete) waits for this one's commit
    if upload.kind != media.type:
        raise ValidationError({FIELD: [SAME_KIND["image" if media.is_image else "other"]]})
    old = [media.path, *(p for t in media.thumbnails for p in t.paths), *media.crop_paths]
    media.thumbnails.clear()
    media.crops = media.dominant_color = media.placeholder = None
    db.session.flush()
    _describe(media, upload, _save(upload, stream, filename), stream)
    db.session.flush()
    file_changes.delete_after_commit(*old)
    return media


def pixels_of(media: MediaFile, source: BinaryIO) -> tuple[BinaryIO, str]:
    """What thumbnails of an image are made from, and their extension: the stored file,
    or for an SVG a PNG of it drawn once the size of the largest thumbnail."""
    extension = media.path.rpartition(".")[2]
    if extension != "svg":
        return source, extension
    svg = svg_images.SvgImage(source.read(), media.width, media.height)
    config = current_app.config
    box, seconds = max(config["THUMBNAIL_SIZES"]), config["SVG_DRAW_SECONDS"]
    return io.BytesIO(svg_images.rasterise(svg, box, seconds)), "png"


def _add_thumbnails(media: MediaFile, source: BinaryIO) -> None:
    folder, _, filename = media.path.rpartition("/")
    stem = filename.rpartition(".")[0]
    config = current_app.config
    try:
        source, extension = pixels_of(media, source)
        outputs = make_image_outputs(
            source,
            config["MAX_IMAGE_PIXELS"],
            config["THUMBNAIL_SIZES"],
            decode_slot,
            avif=avif_mode(config["IMAGE_AVIF"]) == "request",
            crops=config["IMAGE_CROPS"],
            focal=None if media.focal_x is None else (media.focal_x, media.focal_y),
        )
    except ImageError as exc:
        raise ValidationError({FIELD: [str(exc)]}) from exc
    except Exception as exc:  # Pillow can raise many kinds on crafted input.
        log.warning("Could not make thumbnails of %s: %r", media.path, exc)
        raise ValidationError({FIELD: ["The image could not be processed."]}) from exc
    media.dominant_color, media.placeholder = outputs.dominant_color, outputs.placeholder
    storage = get_storage()

    def save(data: bytes | None, size: int, extension: str) -> str | None:
        return None if data is None else save_thumbnail(media, data, size, extension)

    for thumb in outputs.thumbnails:
        media.thumbnails.append(
            Thumbnail(
                size=thumb.size,
                path=save(thumb.data, thumb.size, extension),
                width=thumb.width,
                height=thumb.height,
                file_size=len(thumb.data),
                webp_path=save(thumb.webp, thumb.size, "webp"),
                webp_file_size=thumb.webp and len(thumb.webp),
                avif_path=save(thumb.avif, thumb.size, "avif"),
                avif_file_size=thumb.avif and len(thumb.avif),
            )
        )
    crops = {}
    for name, crop in outputs.crops.items():
        wanted = f"{folder}/crops/{stem}_{name}_{crop.width}x{crop.height}.{extension}"
        path = storage.save(wanted, io.BytesIO(crop.data))
        file_changes.written(path)
        crops[name] = dict(
            path=path, width=crop.width, height=crop.height, file_size=len(crop.data)
        )
    media.crops = crops


def save_thumbnail(media: MediaFile, data: bytes, size: int, extension: str) -> str:
    """Store a thumbnail (or a copy of one) of ``media`` for the current transaction."""
    folder, _, filename = media.path.rpartition("/")
    stem = filename.rpartition(".")[0]
    wanted = f"{folder}/thumbnails/{stem}_thumbnail_{size}x{size}.{extension}"
    path = get_storage().save(wanted, io.BytesIO(data))
    file_changes.written(path)
    return path


def regenerate_thumbnails(media: MediaFile) -> None:
    """Make an image's thumbnails, their copies and its crops anew (after a change of sizes,
    crops or focal point); the old files go on commit."""
    if not media.is_image:
        return
    old = [path for thumb in media.thumbnails for path in thumb.paths] + media.crop_paths
    media.thumbnails.clear()
    db.session.flush()
    with get_storage().open(media.path) as source:
        _add_thumbnails(media, source)
    db.session.flush()
    file_changes.delete_after_commit(*old)


IMAGE_ONLY = {"alt": "", "caption": None, "focal_point": None}  # and their unset values


def update_media(media: MediaFile, data: dict) -> MediaFile:
    """Change a media file's ``name`` and, for an image, its ``alt``, ``caption`` and
    ``focal_point`` (``{"x": .., "y": ..}`` or None)."""
    data = dict(data)
    if not media.is_image:
        errors = {
            field: ["Only images have this field."]
            for field, unset in IMAGE_ONLY.items()
            if data.pop(field, unset) != unset
        }
        if errors:
            raise ValidationError(errors)
    focal = (media.focal_x, media.focal_y)
    if "focal_point" in data:
        point = data.pop("focal_point")
        data["focal_x"], data["focal_y"] = (point["x"], point["y"]) if point else (None, None)
    assign(media, data)
    if media.is_image and media.crops and (media.focal_x, media.focal_y) != focal:
        regenerate_thumbnails(media)  # the crops are cut around the focal point
    return media


def delete_media(media: MediaFile) -> None:
    """Delete a media file and, once committed, its files.

    The database clears every reference: image fields become null, galleries drop the
    image, meta entries lose their file. The file is locked first, then the portfolios
    using it, as every writer locks them (see ``locking``).
    """
    locking.lock(media, for_delete=True)
    usage = media_usage(media)
    locking.lock_portfolios(
        [portfolio.id for portfolio in usage.covers + usage.galleries]
        + [row.portfolio_id for row in usage.links + usage.meta]
    )
    file_changes.delete_after_commit(
        media.path, *(p for t in media.thumbnails for p in t.paths), *media.crop_paths
    )
    db.session.delete(media)
    db.session.flush()


@dataclass
class StorageReport:
    """Paths rows point to that storage lacks; stored paths no row points to, split into
    orphans and recent files (younger than the check's ``min_age``: maybe an upload whose
    row is not committed yet)."""

    missing: list[str]
    orphans: list[str]
    recent: list[str]


def check_storage(min_age: timedelta = timedelta(0)) -> StorageReport:
    """Compare the rows' paths with what storage holds."""
    # List before reading rows, so a file whose row commits in between counts as known.
    stored = list(get_storage().walk())
    known = set(db.session.scalars(select(MediaFile.path)))
    for column in (Thumbnail.path, Thumbnail.webp_path, Thumbnail.avif_path):
        known |= set(db.session.scalars(select(column).where(column.is_not(None))))
    for crops in db.session.scalars(select(MediaFile.crops).where(MediaFile.type == "image")):
        known |= {crop["path"] for crop in (crops or {}).values()}
    cutoff = datetime.now(UTC) - min_age
    unknown = sorted((f for f in stored if f.path not in known), key=lambda f: f.path)
    return StorageReport(
        missing=sorted(known - {f.path for f in stored}),
        orphans=[f.path for f in unknown if f.modified <= cutoff],
        recent=[f.path for f in unknown if f.modified > cutoff],
    )


def delete_orphans(paths: list[str]) -> None:
    """Remove stored files that no row points to."""
    storage = get_storage()
    for path in paths:
        storage.delete(path)
