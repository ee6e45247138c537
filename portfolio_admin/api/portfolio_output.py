"""A portfolio's full output, for a page of them, in a fixed number of queries.

One query per kind of related row (tags, gallery, links, meta, employers) and one for
every media file any of them shows, whatever the page holds.
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass

from sqlalchemy import select

from portfolio_admin.api.output import Computed, Shape
from portfolio_admin.api.rows import ids_param, read_rows
from portfolio_admin.api.serializers import (
    EMPLOYER_NESTED_OUTPUT,
    LINK_NESTED_OUTPUT,
    META_ENTRY_OUTPUT,
    TAG_NESTED_OUTPUT,
    media_data,
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
from portfolio_admin.schemas.portfolios import PortfolioOutput
from portfolio_admin.services import draft_rows


@dataclass(frozen=True)
class Related:
    """What a page of portfolios shows besides their own columns: rows by portfolio id
    (employers by their own id), and the media output by id."""

    media: dict[int, dict]
    employers: dict[int, object]
    tags: dict[int, list]
    gallery: dict[int, list]
    links: dict[int, list]
    meta: dict[int, list]


def _cover(related: Related, image_id: int | None) -> dict | None:
    return related.media.get(image_id)


def _employer(related: Related, employer_id: int | None) -> dict | None:
    employer = related.employers.get(employer_id)
    return None if employer is None else _employer_item(employer, related.media)


def _tags(related: Related, portfolio_id: int) -> list[dict]:
    media = related.media
    return [_tag_item(tag, media) for tag in related.tags.get(portfolio_id, ())]


def _links(related: Related, portfolio_id: int) -> list[dict]:
    media = related.media
    return [_link_item(link, media) for link in related.links.get(portfolio_id, ())]


def _gallery(related: Related, portfolio_id: int) -> list[dict]:
    media = related.media
    return [media[m] for _, m in related.gallery.get(portfolio_id, ()) if m in media]


def _meta(related: Related, portfolio_id: int) -> list[dict]:
    media = related.media
    return [_meta_item(entry, media) for entry in related.meta.get(portfolio_id, ())]


PORTFOLIO_OUTPUT = Shape(
    PortfolioOutput,
    Portfolio,
    getters={
        "image_data": Computed(_cover, "image_id"),
        "employer_data": Computed(_employer, "employer_id"),
        "tags_data": Computed(_tags, "id"),
        "links_data": Computed(_links, "id"),
        "images_data": Computed(_gallery, "id"),
        "meta": Computed(_meta, "id"),
    },
)

# Each query of rows by portfolio selects the portfolio's id first; see _grouped.
TAGS = (
    select(PortfolioTag.portfolio_id, *TAG_NESTED_OUTPUT.columns)
    .join(Tag, Tag.id == PortfolioTag.tag_id)
    .where(PortfolioTag.portfolio_id.in_(ids_param()))
    .order_by(PortfolioTag.portfolio_id, PortfolioTag.position)
)
GALLERY = (
    select(GalleryImage.portfolio_id, GalleryImage.media_id)
    .where(GalleryImage.portfolio_id.in_(ids_param()))
    .order_by(GalleryImage.portfolio_id, GalleryImage.position)
)
LINKS = (
    select(Link.portfolio_id, *LINK_NESTED_OUTPUT.columns)
    .where(Link.portfolio_id.in_(ids_param()))
    .order_by(Link.id)
)
META_ENTRIES = (
    select(MetaEntry.portfolio_id, *META_ENTRY_OUTPUT.columns)
    .where(MetaEntry.portfolio_id.in_(ids_param()))
    .order_by(MetaEntry.id)
)
EMPLOYERS = select(*EMPLOYER_NESTED_OUTPUT.columns).where(Employer.id.in_(ids_param()))
_tag_item = TAG_NESTED_OUTPUT.reader(TAGS)
_link_item = LINK_NESTED_OUTPUT.reader(LINKS)
_meta_item = META_ENTRY_OUTPUT.reader(META_ENTRIES)
_employer_item = EMPLOYER_NESTED_OUTPUT.reader(EMPLOYERS)


def _position(stmt, key: str) -> int:
    return list(stmt.selected_columns.keys()).index(key)


def _grouped(stmt, ids: list[int], media_key: str, media_ids: set) -> dict[int, list]:
    """The rows of ``stmt`` by portfolio id; the media ids they show go into ``media_ids``.

    Rows are read by position: by name, a row's attribute costs ten times more.
    """
    media_at = _position(stmt, media_key)
    groups = defaultdict(list)
    for row in read_rows(stmt, {"ids": ids}):
        groups[row[0]].append(row)
        media_ids.add(row[media_at])
    return groups


def portfolios_data(rows) -> list[dict]:
    """Each portfolio row's output, with everything it shows."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    media_ids = {row.image_id for row in rows}
    tags = _grouped(TAGS, ids, "image_id", media_ids)
    gallery = _grouped(GALLERY, ids, "media_id", media_ids)
    return _items(rows, media_ids, tags, gallery)


def _items(rows, media_ids: set, tags: dict, gallery: dict, drafted=None) -> list[dict]:
    """The output of ``rows`` given their tags and gallery: links, meta entries, employers
    and media files are read here, unless ``drafted`` gives the links and meta entries."""
    ids = [row.id for row in rows]
    if drafted is None:
        links = _grouped(LINKS, ids, "image_id", media_ids)
        meta = _grouped(META_ENTRIES, ids, "value_file_id", media_ids)
    else:
        links, meta = drafted
    employers = {}
    if employer_ids := {row.employer_id for row in rows if row.employer_id is not None}:
        employers = {row.id: row for row in read_rows(EMPLOYERS, {"ids": list(employer_ids)})}
        media_ids.update(row.image_id for row in employers.values())
    related = Related(media_data(media_ids), employers, tags, gallery, links, meta)
    item = PORTFOLIO_OUTPUT.item
    return [item(row, related) for row in rows]


# Tags by their own id, in the layout of TAGS (so the same item builder reads them).
TAGS_BY_ID = select(Tag.id.label("portfolio_id"), *TAG_NESTED_OUTPUT.columns).where(
    Tag.id.in_(ids_param())
)
if list(TAGS_BY_ID.selected_columns.keys()) != list(TAGS.selected_columns.keys()):
    raise TypeError("TAGS_BY_ID must select what TAGS selects, in the same order.")
PortfolioRow = namedtuple("PortfolioRow", [column.key for column in PORTFOLIO_OUTPUT.columns])
# Draft input fields shown in the output by their column, and the column each one fills.
DRAFT_COLUMNS = {
    "title": "title",
    "slug": "slug",
    "excerpt": "excerpt",
    "description": "description",
    "order": "order",
    "is_active": "is_active",
    "completed_at": "completed_at",
    "image": "image_id",
    "employer": "employer_id",
}


def draft_data(row, draft: dict, updated_at) -> dict:
    """The output the portfolio ``row`` will have once ``draft`` (validated draft input,
    ``services.drafts.validated``) is published, ``updated_at`` the draft's: its links
    and meta entries as the draft has them (``id`` null for those it adds). Tags and media
    files deleted since the draft was saved are left out."""
    values = row._asdict() | {DRAFT_COLUMNS[key]: draft[key] for key in DRAFT_COLUMNS}
    draft_row = PortfolioRow(**values | {"updated_at": updated_at})
    media_ids = {draft_row.image_id, *draft["images"]}
    found = _grouped(TAGS_BY_ID, draft["tags"], "image_id", media_ids)
    tags = [found[pk][0] for pk in draft["tags"] if pk in found]
    gallery = [(row.id, pk) for pk in draft["images"]]
    drafted = tuple(
        {row.id: _draft_rows(kind, stmt, row.id, draft[kind.key], media_ids)}
        for kind, stmt in ((draft_rows.LINKS, LINKS), (draft_rows.META, META_ENTRIES))
    )
    return _items([draft_row], media_ids, {row.id: tags}, {row.id: gallery}, drafted)[0]


def _draft_rows(kind, stmt, portfolio_id: int, stored: dict | None, media_ids: set) -> list:
    """The draft's rows of ``kind`` as rows of ``stmt`` (by position, as it selects them)."""
    keys = list(stmt.selected_columns.keys())
    result = []
    for values in draft_rows.rows(kind, portfolio_id, stored):
        columns = {f"{f}_id" if f in kind.media else f: v for f, v in values.items()}
        columns["portfolio_id"] = portfolio_id
        media_ids.update(columns[f"{f}_id"] for f in kind.media)
        result.append(tuple(columns[key] for key in keys))
    return result
