"""Store a revision of each portfolio a transaction changed: once, just before it commits.

During the transaction the ids of the portfolios touched (directly, or through their
links, meta entries, gallery or tags) are noted from session events; at commit each is
serialized once, by the output function the app registered, and all the revisions are
written in one INSERT. A write that changes nothing in the output stores nothing.
"""

from flask import current_app, has_app_context
from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.orm import Session

from portfolio_admin.activity.actors import current_actor
from portfolio_admin.models import (
    GalleryImage,
    Link,
    MetaEntry,
    Portfolio,
    PortfolioRevision,
    PortfolioTag,
)
from portfolio_admin.models.base import listen_to_sessions

NOTED = "revision_noted"  # session.info: {portfolio id: field names seen changing}
CREATED = "revision_created"  # session.info: portfolios added in this transaction
SNAPSHOTS = "portfolio_snapshots"  # app.extensions: ids -> {id: output with site-rooted URLs}

CHILD_FIELD = {GalleryImage: "images", PortfolioTag: "tags", Link: "links", MetaEntry: "meta"}
COLUMN_FIELD = {"image_id": "image", "employer_id": "employer"}
RELATION_FIELD = {"gallery": "images", "tag_links": "tags"}
# Output keys and the names a summary gives them; the rest (id, timestamps) are not compared.
OUTPUT_FIELD = {
    "title": "title",
    "slug": "slug",
    "excerpt": "excerpt",
    "order": "order",
    "image_data": "image",
    "employer_data": "employer",
    "tags_data": "tags",
    "links_data": "links",
    "is_active": "is_active",
    "completed_at": "completed_at",
    "description": "description",
    "images_data": "images",
    "meta": "meta",
}
VIA = {"ui": "admin", "api": "api", "cli": "cli"}


def changed_fields(old: dict, new: dict) -> list[str]:
    """The summary names of the output fields that differ between two revisions' data."""
    return [name for key, name in OUTPUT_FIELD.items() if old.get(key) != new.get(key)]


def _fields_of(obj: Portfolio) -> set[str]:
    state = inspect(obj)
    names = set()
    for attr in state.attrs:
        if (
            attr.key in ("created_at", "updated_at", "search_text")
            or not attr.history.has_changes()
        ):
            continue
        names.add(COLUMN_FIELD.get(attr.key) or RELATION_FIELD.get(attr.key) or attr.key)
    return names


def _note(session: Session, _context, _instances) -> None:
    """Before a flush: note which portfolios change, and which of their fields."""
    noted = session.info.setdefault(NOTED, {})
    created = session.info.setdefault(CREATED, [])
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Portfolio):
            if obj.id is None:
                if not any(obj is known for known in created):
                    created.append(obj)
            else:
                noted.setdefault(obj.id, set()).update(_fields_of(obj))
        elif type(obj) in CHILD_FIELD and obj.portfolio_id is not None:
            noted.setdefault(obj.portfolio_id, set()).add(CHILD_FIELD[type(obj)])


def _write(session: Session) -> None:
    """Before commit: one revision for each noted portfolio whose output changed."""
    if not session.info.get(NOTED) and not session.info.get(CREATED):
        return
    session.flush()
    noted = session.info.pop(NOTED, {})
    created = {obj.id for obj in session.info.pop(CREATED, []) if obj.id is not None}
    snapshots = current_app.extensions.get(SNAPSHOTS) if has_app_context() else None
    if snapshots is None:
        return
    ids = sorted(set(noted) | created)
    current = snapshots(ids)  # deleted portfolios are missing: nothing to store for them
    if not current:
        return
    latest = (
        select(func.max(PortfolioRevision.id))
        .where(PortfolioRevision.portfolio_id.in_(list(current)))
        .group_by(PortfolioRevision.portfolio_id)
    )
    previous = dict(
        session.execute(
            select(PortfolioRevision.portfolio_id, PortfolioRevision.data).where(
                PortfolioRevision.id.in_(latest)
            )
        ).all()
    )
    actor = current_actor()
    rows = []
    for pk, data in current.items():
        if pk in previous:
            fields = changed_fields(previous[pk], data)
            if not fields:
                continue
            summary = ", ".join(fields)
        elif pk in created:
            summary = "created"
        else:
            summary = ", ".join(sorted(noted.get(pk, ()))) or "saved"
        rows.append(
            {
                "portfolio_id": pk,
                "user_id": actor.user_id,
                "via": VIA.get(actor.via, actor.via),
                "summary": summary[:255],
                "data": data,
            }
        )
    if rows:
        session.execute(insert(PortfolioRevision), rows)
        _prune(session, [row["portfolio_id"] for row in rows])


def _prune(session: Session, ids: list[int]) -> None:
    """Keep only the newest ``REVISIONS_PER_PORTFOLIO`` revisions (0: keep them all)."""
    keep = current_app.config.get("REVISIONS_PER_PORTFOLIO") or 0
    if keep <= 0:
        return
    for pk in ids:
        newest = (
            select(PortfolioRevision.id)
            .where(PortfolioRevision.portfolio_id == pk)
            .order_by(PortfolioRevision.id.desc())
            .limit(keep)
        )
        session.execute(
            delete(PortfolioRevision).where(
                PortfolioRevision.portfolio_id == pk, PortfolioRevision.id.not_in(newest)
            )
        )


def _forget(session: Session, *_args) -> None:
    session.info.pop(NOTED, None)
    session.info.pop(CREATED, None)


def register(app, snapshots) -> None:
    """Store revisions of changed portfolios; ``snapshots(ids)`` gives their output by id."""
    app.extensions[SNAPSHOTS] = snapshots
    listen_to_sessions(before_flush=_note, before_commit=_write, after_soft_rollback=_forget)
