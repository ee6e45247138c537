"""Create, change and delete tags."""

from sqlalchemy import select

from portfolio_admin.models import PortfolioTag, Tag
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.integrity import assign

UNIQUE = ("name",)
MEDIA = {"image": True}


def create_tag(data: dict) -> Tag:
    """A new tag from validated fields (``name``, ``image``)."""
    return assign(Tag(), data, unique=UNIQUE, media=MEDIA)


def update_tag(tag: Tag, data: dict) -> Tag:
    """Change the fields present in ``data``."""
    return assign(tag, data, unique=UNIQUE, media=MEDIA)


def delete_tag(tag: Tag) -> None:
    """Delete a tag; portfolios drop it (the tag is locked first, then they are)."""
    locking.lock(tag, for_delete=True)
    tagged = select(PortfolioTag.portfolio_id).where(PortfolioTag.tag_id == tag.id)
    locking.lock_portfolios(db.session.scalars(tagged))
    db.session.delete(tag)
    db.session.flush()
