"""Create, change and delete tags."""

from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
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
    """Delete a tag; portfolios drop it."""
    db.session.delete(tag)
    db.session.flush()
