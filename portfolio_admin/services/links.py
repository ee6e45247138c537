"""Create, change and delete a portfolio's links."""

from portfolio_admin.models import Link, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.integrity import assign
from portfolio_admin.services.portfolio_limits import check_room_for_link

MEDIA = {"image": True}


def create_link(portfolio: Portfolio, data: dict) -> Link:
    """A new link on ``portfolio`` from validated fields (at most ``MAX_LINKS`` each)."""
    check_room_for_link(portfolio.id)
    return assign(Link(portfolio_id=portfolio.id), data, media=MEDIA, parent=portfolio)


def update_link(link: Link, data: dict) -> Link:
    """Change the fields present in ``data``."""
    portfolio = db.session.get(Portfolio, link.portfolio_id)
    return assign(link, data, media=MEDIA, parent=portfolio)


def delete_link(link: Link) -> None:
    """Delete a link."""
    locking.lock(db.session.get(Portfolio, link.portfolio_id))
    db.session.delete(locking.lock(link))
    db.session.flush()
