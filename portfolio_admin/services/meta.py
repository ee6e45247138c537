"""Create, change and delete a portfolio's meta entries (keys unique per portfolio)."""

from portfolio_admin.models import MetaEntry, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.integrity import assign
from portfolio_admin.services.portfolio_limits import check_room_for_meta

UNIQUE = ("key",)
MEDIA = {"value_file": False}


def create_meta(portfolio: Portfolio, data: dict) -> MetaEntry:
    """A new meta entry on ``portfolio``; ``value_file`` may be any kind of media.
    At most ``MAX_META_ENTRIES`` per portfolio."""
    check_room_for_meta(portfolio.id)
    entry = MetaEntry(portfolio_id=portfolio.id)
    scope = {"portfolio_id": portfolio.id}
    return assign(entry, data, unique=UNIQUE, media=MEDIA, scope=scope, parent=portfolio)


def update_meta(entry: MetaEntry, data: dict) -> MetaEntry:
    """Change the fields present in ``data``."""
    scope = {"portfolio_id": entry.portfolio_id}
    portfolio = db.session.get(Portfolio, entry.portfolio_id)
    return assign(entry, data, unique=UNIQUE, media=MEDIA, scope=scope, parent=portfolio)


def delete_meta(entry: MetaEntry) -> None:
    """Delete a meta entry; its file stays in the media library."""
    locking.lock(db.session.get(Portfolio, entry.portfolio_id))
    db.session.delete(locking.lock(entry))
    db.session.flush()
