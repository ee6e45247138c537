"""A portfolio's full output, for a page of them, in a fixed number of queries.

One query per kind of related row (tags, gallery, links, meta, employers) and one for
every media file any of them shows, whatever the page holds.
"""

from collections import defaultdict

from sqlalchemy import select

from portfolio_admin.api.rows import ids_param, read_rows
from portfolio_admin.api.serializers import (
    EMPLOYER_COLUMNS,
    LINK_COLUMNS,
    META_COLUMNS,
    employer_item,
    link_item,
    media_data,
    meta_item,
    tag_item,
)
from portfolio_admin.models import (
    Employer,
    GalleryImage,
    Link,
    MetaEntry,
    Portfolio,
    PortfolioTag,
    Tag,
)

PORTFOLIO_COLUMNS = (
    Portfolio.id,
    Portfolio.title,
    Portfolio.slug,
    Portfolio.excerpt,
    Portfolio.order,
    Portfolio.image_id,
    Portfolio.employer_id,
    Portfolio.is_active,
    Portfolio.completed_at,
    Portfolio.created_at,
    Portfolio.updated_at,
    Portfolio.description,
)


TAGS = (
    select(PortfolioTag.portfolio_id, Tag.id, Tag.name, Tag.image_id)
    .join(Tag, Tag.id == PortfolioTag.tag_id)
    .where(PortfolioTag.portfolio_id.in_(ids_param()))
    .order_by(PortfolioTag.portfolio_id, PortfolioTag.position)
)
GALLERY = (
    select(GalleryImage.portfolio_id, GalleryImage.media_id)
    .where(GalleryImage.portfolio_id.in_(ids_param()))
    .order_by(GalleryImage.portfolio_id, GalleryImage.position)
)
LINKS = select(*LINK_COLUMNS).where(Link.portfolio_id.in_(ids_param())).order_by(Link.id)
META = select(*META_COLUMNS).where(MetaEntry.portfolio_id.in_(ids_param())).order_by(MetaEntry.id)
EMPLOYERS = select(*EMPLOYER_COLUMNS).where(Employer.id.in_(ids_param()))


def _grouped(stmt, ids: list[int]) -> dict[int, list]:
    groups = defaultdict(list)
    for row in read_rows(stmt, {"ids": ids}):
        groups[row.portfolio_id].append(row)
    return groups


def portfolios_data(rows) -> list[dict]:
    """The contract's sixteen keys for each portfolio row, in order."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    tags = _grouped(TAGS, ids)
    gallery = _grouped(GALLERY, ids)
    links = _grouped(LINKS, ids)
    meta = _grouped(META, ids)
    employer_ids = {row.employer_id for row in rows if row.employer_id is not None}
    employers = {}
    if employer_ids:
        employers = {row.id: row for row in read_rows(EMPLOYERS, {"ids": list(employer_ids)})}

    media_ids = {row.image_id for row in rows}
    media_ids.update(row.image_id for row in employers.values())
    for group in tags.values():
        media_ids.update(row.image_id for row in group)
    for group in gallery.values():
        media_ids.update(row.media_id for row in group)
    for group in links.values():
        media_ids.update(row.image_id for row in group)
    for group in meta.values():
        media_ids.update(row.value_file_id for row in group)
    media = media_data(media_ids)

    out = []
    for row in rows:
        employer = employers.get(row.employer_id)
        out.append(
            {
                "id": row.id,
                "title": row.title,
                "slug": row.slug,
                "excerpt": row.excerpt,
                "order": row.order,
                "image_data": media.get(row.image_id),
                "employer_data": employer_item(employer, media, nested=True) if employer else None,
                "tags_data": [tag_item(t, media, nested=True) for t in tags.get(row.id, ())],
                "links_data": [link_item(k, media, nested=True) for k in links.get(row.id, ())],
                "is_active": row.is_active,
                "completed_at": row.completed_at,
                "created_at": row.created_at,
                "updated_at": row.updated_at,
                "description": row.description,
                "images_data": [
                    media[g.media_id] for g in gallery.get(row.id, ()) if g.media_id in media
                ],
                "meta": [meta_item(m, media) for m in meta.get(row.id, ())],
            }
        )
    return out
