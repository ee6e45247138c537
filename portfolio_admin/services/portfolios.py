"""Create, change and delete portfolios, with their ordered gallery and tags."""

from sqlalchemy import select

from portfolio_admin.models import Employer, GalleryImage, Portfolio, PortfolioTag, Tag
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.integrity import assign, check, does_not_exist, media_errors

UNIQUE = ("title", "slug")
MEDIA = {"image": True}
REFERENCES = {"employer": Employer}
LISTS = ("images", "tags")


def _duplicates(ids: list[int]) -> list[str]:
    seen, messages = set(), []
    for pk in ids:
        if pk in seen:
            messages.append(f'Duplicate id "{pk}".')
        seen.add(pk)
    return messages


def _check_lists(data: dict) -> dict:
    """Errors in the ``images`` and ``tags`` lists: unknown, duplicate or non-image ids."""
    errors = {}
    if "images" in data:
        messages = media_errors(data["images"], images_only=True)
        messages += _duplicates(data["images"])
        if messages:
            errors["images"] = messages
    if "tags" in data:
        stmt = select(Tag.id).where(Tag.id.in_(set(data["tags"]))).order_by(Tag.id)
        found = set(db.session.scalars(locking.keep(stmt)))
        messages = [does_not_exist(pk) for pk in data["tags"] if pk not in found]
        messages += _duplicates(data["tags"])
        if messages:
            errors["tags"] = messages
    return errors


def _rules(data: dict) -> dict:
    """What ``integrity.assign`` and ``integrity.check`` need to know of a portfolio."""
    return {
        "unique": UNIQUE,
        "media": MEDIA,
        "references": REFERENCES,
        "errors": _check_lists(data),
    }


def check_portfolio(portfolio: Portfolio, data: dict) -> None:
    """Every check ``update_portfolio`` makes of ``data``, writing nothing (a draft's)."""
    check(portfolio, _fields(data), **_rules(data))


def _fields(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in LISTS}


def _save(portfolio: Portfolio, data: dict) -> Portfolio:
    assign(portfolio, _fields(data), **_rules(data))
    # ``assign`` has locked the portfolio and reloaded it, so the lists replaced here are
    # the ones last committed. Old rows go first: a reordered list reuses their keys.
    if "images" in data:
        portfolio.gallery = []
    if "tags" in data:
        portfolio.tag_links = []
    db.session.flush()
    if "images" in data:
        portfolio.gallery = [
            GalleryImage(media_id=pk, position=n) for n, pk in enumerate(data["images"])
        ]
    if "tags" in data:
        portfolio.tag_links = [
            PortfolioTag(tag_id=pk, position=n) for n, pk in enumerate(data["tags"])
        ]
    db.session.flush()
    return portfolio


def create_portfolio(data: dict, *, published: bool = True) -> Portfolio:
    """A new portfolio from validated fields; ``images`` and ``tags`` keep their order.
    One not ``published`` is not in the API until its draft is (``services.drafts``)."""
    return _save(Portfolio(published=published), data)


def update_portfolio(portfolio: Portfolio, data: dict) -> Portfolio:
    """Change the fields present in ``data``; a list that is sent replaces the old one."""
    return _save(portfolio, data)


def portfolio_input(portfolio: Portfolio) -> dict:
    """The portfolio as input (``PortfolioInput``'s fields): what a PUT would send to
    leave it as it is."""
    return {
        "title": portfolio.title,
        "slug": portfolio.slug,
        "excerpt": portfolio.excerpt,
        "description": portfolio.description,
        "image": portfolio.image_id,
        "images": [item.media_id for item in portfolio.gallery],
        "order": portfolio.order,
        "employer": portfolio.employer_id,
        "tags": [item.tag_id for item in portfolio.tag_links],
        "is_active": portfolio.is_active,
        "completed_at": portfolio.completed_at,
    }


def delete_portfolio(portfolio: Portfolio) -> None:
    """Delete a portfolio with its links and meta entries; media files stay."""
    db.session.delete(locking.lock(portfolio))
    db.session.flush()
