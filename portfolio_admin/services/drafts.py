"""A portfolio's working draft: saved beside the live version, published or discarded.

A draft is the portfolio's input (``schemas.portfolios.PortfolioInput``) as it will be
once published. Saving it runs every check the live write runs, and writes nothing the
API shows; publishing checks it again (a tag may have been deleted since) and applies it
through the same service as a live ``PUT``, so it is a revision like any other write.

Each of these locks the portfolio's row first (``services.locking``), so saves, publishes,
discards and deletes of one portfolio take turns: a second publish finds no draft left.
A portfolio not yet published (``published`` false) is in the API only through its draft
endpoints; until it has a draft row, its draft is what it holds.
"""

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select

from portfolio_admin.activity.actors import current_actor
from portfolio_admin.models import Portfolio, PortfolioDraft
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.schedule import PUBLISH, PortfolioSchedule
from portfolio_admin.schemas.common import error_messages
from portfolio_admin.schemas.portfolios import PortfolioInput
from portfolio_admin.services import locking, portfolios
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.portfolio_versions import current_version

NO_DRAFT = "This portfolio has no draft."


class NoDraft(NotFound):
    """The portfolio has no draft (and is live, so it is no draft itself)."""


def get_draft(portfolio_id: int) -> PortfolioDraft | None:
    """The portfolio's draft row as last committed, or ``None``."""
    stmt = select(PortfolioDraft).where(PortfolioDraft.portfolio_id == portfolio_id)
    return db.session.scalar(stmt.execution_options(populate_existing=True))


def validated(payload: dict) -> dict:
    """A stored draft read back as validated input (datetimes as datetimes); a draft
    the rules no longer accept is a ``ValidationError`` naming its fields."""
    try:
        return PortfolioInput.model_validate(payload).model_dump()
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc


def draft_input(portfolio: Portfolio, draft: PortfolioDraft | None) -> dict:
    """The draft's input; for a portfolio not published and without a draft row, its own."""
    if draft is not None:
        return validated(draft.payload)
    if not portfolio.published:
        return portfolios.portfolio_input(portfolio)
    raise NoDraft()


def save_draft(portfolio: Portfolio, data: dict, *, partial: bool = False) -> PortfolioDraft:
    """Store ``data`` (validated input; with ``partial``, only the fields to change) as
    the portfolio's draft after the checks a live write makes; the live data is untouched."""
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    if partial:
        base = validated(draft.payload) if draft else portfolios.portfolio_input(portfolio)
        data = validated(base | data)
    portfolios.check_portfolio(portfolio, data)
    if draft is None:
        draft = PortfolioDraft(
            portfolio_id=portfolio.id, base_version=current_version(portfolio.id)
        )
        db.session.add(draft)
    draft.payload = PortfolioInput.model_validate(data).model_dump(mode="json")
    draft.updated_by_id = current_actor().user_id
    draft.updated_at = utcnow()
    db.session.flush()
    return draft


def create_unpublished(data: dict) -> Portfolio:
    """A new portfolio from validated input that is not live until it is published."""
    return portfolios.create_portfolio(data, published=False)


def check_publishable(portfolio: Portfolio) -> None:
    """Every check publishing would make now, writing nothing: ``NoDraft``, or a
    ``ValidationError`` naming the fields (a tag deleted since the draft was saved)."""
    data = draft_input(portfolio, get_draft(portfolio.id))
    portfolios.check_portfolio(portfolio, data)


def publish_draft(portfolio: Portfolio) -> Portfolio:
    """Make the draft live, all or nothing: checked again, applied as a ``PUT`` would
    (a new revision), then dropped with its scheduled publishing; the portfolio is
    published from then on."""
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    if draft is None and portfolio.published:
        raise NoDraft()
    if draft is not None:
        portfolios.update_portfolio(portfolio, validated(draft.payload))
        db.session.delete(draft)
    portfolio.published = True
    _drop_publish_schedule(portfolio.id)
    db.session.flush()
    return portfolio


def discard_draft(portfolio: Portfolio) -> None:
    """Drop the portfolio's draft, and its scheduled publishing; ``NoDraft`` when there
    is none."""
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    if draft is None:
        raise NoDraft()
    db.session.delete(draft)
    _drop_publish_schedule(portfolio.id)
    db.session.flush()


def _drop_publish_schedule(portfolio_id: int) -> None:
    """A schedule to publish a draft that is gone would publish whatever is drafted next.
    Deleted through the session, so the activity log sees it go."""
    schedule = db.session.get(PortfolioSchedule, (portfolio_id, PUBLISH))
    if schedule is not None:
        db.session.delete(schedule)


def unpublished_changes(ids: list[int]) -> set[int]:
    """Which of these portfolios have a draft."""
    stmt = select(PortfolioDraft.portfolio_id).where(PortfolioDraft.portfolio_id.in_(ids))
    return set(db.session.scalars(stmt))
