"""Every committed content write bumps the content version (``models/content_version.py``).

Readers compare it with the version their cached output was made at; a write on any
instance is therefore seen by the very next read on every instance.
"""

from sqlalchemy import update
from sqlalchemy.orm import Session

from portfolio_admin.models import (
    ContentVersion,
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioDraft,
    PortfolioSchedule,
    PortfolioTag,
    Tag,
    Thumbnail,
)
from portfolio_admin.models.base import listen_to_sessions

# A draft or a schedule changes no live output, but their own reads (and previews) are
# cached by version too.
CONTENT_MODELS = (
    Employer, GalleryImage, Link, MediaFile, MetaEntry, Portfolio, PortfolioDraft,
    PortfolioSchedule, PortfolioTag, Tag, Thumbnail,
)  # fmt: skip
CHANGED = "content_changed"


def _note_changes(session: Session, _context, _instances) -> None:
    if session.info.get(CHANGED):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CONTENT_MODELS):
            session.info[CHANGED] = True
            return


def note_change(session: Session) -> None:
    """Bump the version when ``session`` commits, for a write made without the ORM's
    unit of work (a bulk ``UPDATE``) that changes what readers see."""
    session.info[CHANGED] = True


def _bump(session: Session) -> None:
    session.flush()  # so changes not flushed yet are noticed before deciding
    if session.info.pop(CHANGED, False):
        session.execute(
            update(ContentVersion)
            .where(ContentVersion.id == 1)
            .values(version=ContentVersion.version + 1)
        )


def _forget(session: Session, *_args) -> None:
    session.info.pop(CHANGED, None)


def register() -> None:
    """Bump the version in the same transaction as every content write."""
    listen_to_sessions(before_flush=_note_changes, before_commit=_bump, after_soft_rollback=_forget)
