"""AVIF copies of thumbnails, made by the background worker (``IMAGE_AVIF = "worker"``).

Encoding AVIF costs about as much as all the rest of an upload's outputs together, so
uploads and replaced files are stored without it and ``make_missing`` (a job of
``flask worker``) adds it afterwards: the queue is the thumbnails without ``avif_path``.
An image is claimed by locking its row (``FOR NO KEY UPDATE SKIP LOCKED``: a second
worker takes the next image) and the lock is held while its copies are made, so a
replace or a delete of that file waits for them and then finds them on the rows (and
deletes them with the rest): nothing is attached to a file it was not made from, and
nothing is left without a row. Its thumbnails change, so the content version (caches,
ETags) moves on, and the API's ``sources`` list ``image/avif`` first once every size has
its copy.
"""

import logging

from flask import current_app
from sqlalchemy import exists, select

from portfolio_admin.config import avif_mode
from portfolio_admin.models import MediaFile, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.services import file_changes, locking, media
from portfolio_admin.services.decode_slots import decode_slot
from portfolio_admin.services.thumbnails import make_avif
from portfolio_admin.storage import get_storage

log = logging.getLogger(__name__)

BATCH = 5  # images per run, so a stopping worker waits for a few at most
# Files this process could not make copies of: not tried again (a replaced file is new).
_failed: set[str] = set()


def make_missing(limit: int = BATCH) -> int:
    """Make the AVIF copies of up to ``limit`` images lacking them, one transaction each;
    how many were made. Nothing when ``IMAGE_AVIF`` is not ``"worker"``."""
    if avif_mode(current_app.config["IMAGE_AVIF"]) != "worker":
        return 0
    made = 0
    for _ in range(limit):
        image = _claim()
        if image is None:
            db.session.rollback()
            break
        try:
            _make(image)
            db.session.commit()
        except Exception:
            log.exception("Could not make the AVIF copies of media file %s", image.id)
            _failed.add(image.path)
            file_changes.discard_uncommitted()  # removes the files made
            db.session.rollback()  # and lets the image go
            continue
        log.info("Made the AVIF copies of media file %s", image.id)
        made += 1
    return made


def _claim() -> MediaFile | None:
    """The first image with a thumbnail lacking its AVIF copy that no other transaction
    holds, locked until this one ends."""
    locking.begin_writing()
    lacking = exists().where(Thumbnail.media_id == MediaFile.id, Thumbnail.avif_path.is_(None))
    stmt = select(MediaFile).where(MediaFile.type == "image", lacking)
    if _failed:
        stmt = stmt.where(MediaFile.path.not_in(_failed))
    stmt = stmt.order_by(MediaFile.id).limit(1)
    stmt = stmt.with_for_update(key_share=True, skip_locked=True)
    return db.session.scalar(stmt.execution_options(populate_existing=True))


def _make(image: MediaFile) -> None:
    """Make and store the copies of the locked image's thumbnails that lack them."""
    lacking = [thumb for thumb in image.thumbnails if thumb.avif_path is None]
    config = current_app.config
    with get_storage().open(image.path) as stored:
        source, _extension = media.pixels_of(image, stored)
        made = make_avif(source, config["MAX_IMAGE_PIXELS"], [t.size for t in lacking], decode_slot)
    for thumb, data in zip(lacking, made, strict=True):
        thumb.avif_path = media.save_thumbnail(image, data, thumb.size, "avif")
        thumb.avif_file_size = len(data)
