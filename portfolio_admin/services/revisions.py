"""A portfolio's revisions: listing them, and restoring one (which stores a new revision).

A revision holds the portfolio's output; restoring it writes that output back through the
same services as any other change. Media files, an employer or tags deleted since are
left out, and are named in what ``restore_revision`` returns.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from portfolio_admin.models import (
    Employer,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioRevision,
    Tag,
    User,
)
from portfolio_admin.models.base import db
from portfolio_admin.services import links, meta, portfolios
from portfolio_admin.services.errors import NotFound

REVISION_COLUMNS = (
    PortfolioRevision.id,
    PortfolioRevision.created_at,
    User.username.label("user"),
    PortfolioRevision.via,
    PortfolioRevision.summary,
)
SCALARS = ("title", "slug", "excerpt", "description", "order", "is_active")


def revisions_of(portfolio_id: int):
    """A statement selecting the portfolio's revisions, newest first, with the username."""
    return (
        select(*REVISION_COLUMNS)
        .outerjoin(User, User.id == PortfolioRevision.user_id)
        .where(PortfolioRevision.portfolio_id == portfolio_id)
        .order_by(PortfolioRevision.id.desc())
    )


def revision_detail(portfolio_id: int, revision_id: int):
    """The revision's row (``REVISION_COLUMNS`` and ``data``); ``NotFound`` if it is
    missing or another portfolio's."""
    stmt = select(*REVISION_COLUMNS, PortfolioRevision.data).outerjoin(
        User, User.id == PortfolioRevision.user_id
    )
    stmt = stmt.where(
        PortfolioRevision.id == revision_id, PortfolioRevision.portfolio_id == portfolio_id
    )
    row = db.session.execute(stmt).first()
    if row is None:
        raise NotFound()
    return row


def get_revision(portfolio_id: int, revision_id: int) -> PortfolioRevision:
    """The revision of that portfolio; ``NotFound`` if it is missing or another's."""
    revision = db.session.get(PortfolioRevision, revision_id)
    if revision is None or revision.portfolio_id != portfolio_id:
        raise NotFound()
    return revision


@dataclass
class LeftOut:
    """What a revision names that has been deleted since: ``(kind, name)`` pairs."""

    items: list[tuple[str, str]] = field(default_factory=list)
    media_ids: set[int] = field(default_factory=set)
    employer_ids: set[int] = field(default_factory=set)
    tag_ids: set[int] = field(default_factory=set)


def _media_in(data: dict) -> list[tuple[str, dict]]:
    """Each media file the output shows, with the place it is shown in."""
    found = []
    if data.get("image_data"):
        found.append(("image", data["image_data"]))
    found += [("gallery image", item) for item in data["images_data"]]
    found += [("link image", k["image_data"]) for k in data["links_data"] if k["image_data"]]
    found += [("meta file", m["value_file"]) for m in data["meta"] if m["value_file"]]
    return found


def left_out(data: dict) -> LeftOut:
    """What restoring ``data`` would leave out, as it no longer exists."""
    result = LeftOut()
    media = _media_in(data)
    wanted = {item["id"] for _, item in media}
    existing = set(db.session.scalars(select(MediaFile.id).where(MediaFile.id.in_(wanted))))
    for kind, item in media:
        if item["id"] not in existing:
            result.media_ids.add(item["id"])
            result.items.append((kind, item["name"]))
    employer = data.get("employer_data")
    if employer and db.session.get(Employer, employer["id"]) is None:
        result.employer_ids.add(employer["id"])
        result.items.append(("employer", employer["name"]))
    tag_ids = {tag["id"] for tag in data.get("tags_data", [])}
    kept = set(db.session.scalars(select(Tag.id).where(Tag.id.in_(tag_ids))))
    for tag in data.get("tags_data", []):
        if tag["id"] not in kept:
            result.tag_ids.add(tag["id"])
            result.items.append(("tag", tag["name"]))
    return result


def _id(item: dict | None, gone: set[int]) -> int | None:
    return item["id"] if item and item["id"] not in gone else None


def restore_revision(portfolio: Portfolio, revision: PortfolioRevision) -> LeftOut:
    """Make the portfolio, its links and meta entries what the revision shows."""
    data = revision.data
    gone = left_out(data)
    completed = data.get("completed_at")
    fields = {name: data[name] for name in SCALARS}
    fields |= {
        "completed_at": datetime.fromisoformat(completed) if completed else None,
        "image": _id(data.get("image_data"), gone.media_ids),
        "employer": _id(data.get("employer_data"), gone.employer_ids),
        "images": [i["id"] for i in data["images_data"] if i["id"] not in gone.media_ids],
        "tags": [t["id"] for t in data["tags_data"] if t["id"] not in gone.tag_ids],
    }
    portfolios.update_portfolio(portfolio, fields)
    _restore_children(
        portfolio,
        Link,
        [
            (
                k["id"],
                {
                    "name": k["name"],
                    "url": k["url"],
                    "description": k["description"],
                    "image": _id(k["image_data"], gone.media_ids),
                },
            )
            for k in data["links_data"]
        ],  # fmt: skip
        links.create_link,
        links.update_link,
    )
    _restore_children(
        portfolio,
        MetaEntry,
        [
            (
                m["id"],
                {
                    "key": m["key"],
                    "value_text": m["value_text"],
                    "value_file": _id(m["value_file"], gone.media_ids),
                },
            )
            for m in data["meta"]
        ],  # fmt: skip
        meta.create_meta,
        meta.update_meta,
    )
    return gone


def _restore_children(portfolio: Portfolio, model, wanted: list, create, update) -> None:
    """Delete the rows the revision lacks, then update the ones it kept and recreate the rest."""
    rows = {
        row.id: row
        for row in db.session.scalars(select(model).where(model.portfolio_id == portfolio.id))
    }
    wanted_ids = {pk for pk, _ in wanted}
    for pk, row in rows.items():
        if pk not in wanted_ids:
            db.session.delete(row)
    db.session.flush()
    for pk, values in wanted:
        if pk in rows:
            update(rows[pk], values)
        else:
            create(portfolio, values)
