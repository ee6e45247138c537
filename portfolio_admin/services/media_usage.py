"""Where a media file is used: before deleting it, staff see what would lose it."""

from dataclasses import dataclass, field

from sqlalchemy import String, cast, select

from portfolio_admin.models import (
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioDraft,
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
    drafts: list[Portfolio] = field(default_factory=list)  # whose draft uses it anywhere

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
                self.drafts,
            )
        )


def media_usage(media: MediaFile) -> MediaUsage:
    """Every portfolio (cover or gallery), employer, tag, link and meta entry using
    ``media``, and every portfolio whose draft uses it (publishing would need it)."""
    scalars = db.session.scalars
    gallery = select(GalleryImage.portfolio_id).where(GalleryImage.media_id == media.id)
    return MediaUsage(
        covers=list(scalars(select(Portfolio).where(Portfolio.image_id == media.id))),
        galleries=list(scalars(select(Portfolio).where(Portfolio.id.in_(gallery)))),
        employers=list(scalars(select(Employer).where(Employer.image_id == media.id))),
        tags=list(scalars(select(Tag).where(Tag.image_id == media.id))),
        links=list(scalars(select(Link).where(Link.image_id == media.id))),
        meta=list(scalars(select(MetaEntry).where(MetaEntry.value_file_id == media.id))),
        drafts=_drafts_using(media.id),
    )


def _drafts_using(media_id: int) -> list[Portfolio]:
    """The portfolios whose draft names ``media_id``. Drafts are few (one per portfolio at
    most) and their payload is JSON, so the text is matched first, the ids after."""
    stmt = select(PortfolioDraft.portfolio_id, PortfolioDraft.payload).where(
        cast(PortfolioDraft.payload, String).contains(str(media_id))
    )
    ids = [pk for pk, payload in db.session.execute(stmt) if media_id in draft_media(payload)]
    return list(db.session.scalars(select(Portfolio).where(Portfolio.id.in_(ids))))


def draft_media(payload: dict) -> set[int]:
    """The media ids a stored draft names: cover, gallery, its links' images and its meta
    entries' files."""
    ids = {payload.get("image"), *payload.get("images", [])}
    for key, name in (("links", "image"), ("meta", "value_file")):
        ids.update(row.get(name) for row in (payload.get(key) or {}).get("changed", []))
    return ids - {None}
