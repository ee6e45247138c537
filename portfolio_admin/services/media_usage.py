"""Where a media file is used: before deleting it, staff see what would lose it."""

from dataclasses import dataclass, field

from sqlalchemy import select

from portfolio_admin.models import (
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    Tag,
)
from portfolio_admin.models.base import db


@dataclass
class MediaUsage:
    """The rows that point to one media file, by the way they use it."""

    covers: list[Portfolio] = field(default_factory=list)
    galleries: list[Portfolio] = field(default_factory=list)
    employers: list[Employer] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    meta: list[MetaEntry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(rows)
            for rows in (
                self.covers,
                self.galleries,
                self.employers,
                self.tags,
                self.links,
                self.meta,
            )
        )


def media_usage(media: MediaFile) -> MediaUsage:
    """Every portfolio (cover or gallery), employer, tag, link and meta entry using ``media``."""
    scalars = db.session.scalars
    gallery = select(GalleryImage.portfolio_id).where(GalleryImage.media_id == media.id)
    return MediaUsage(
        covers=list(scalars(select(Portfolio).where(Portfolio.image_id == media.id))),
        galleries=list(scalars(select(Portfolio).where(Portfolio.id.in_(gallery)))),
        employers=list(scalars(select(Employer).where(Employer.image_id == media.id))),
        tags=list(scalars(select(Tag).where(Tag.image_id == media.id))),
        links=list(scalars(select(Link).where(Link.image_id == media.id))),
        meta=list(scalars(select(MetaEntry).where(MetaEntry.value_file_id == media.id))),
    )
