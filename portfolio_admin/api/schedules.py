"""A portfolio's schedule: unpublishing now or later, and reading or cancelling what is
scheduled. Publishing later is ``POST .../draft/publish/`` with ``at`` (``api/drafts.py``);
the background worker (``flask worker``) carries both out."""

from sqlalchemy import select

from portfolio_admin.api.conditional import require_match
from portfolio_admin.api.drafts import portfolio_or_404
from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, portfolios_data
from portfolio_admin.api.routing import operation
from portfolio_admin.api.rows import read_rows
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.json_responses import ApiError, json_response
from portfolio_admin.models import Portfolio, PortfolioSchedule
from portfolio_admin.models.base import utcnow
from portfolio_admin.models.schedule import UNPUBLISH
from portfolio_admin.schemas.portfolios import PortfolioOutput
from portfolio_admin.schemas.schedules import (
    PortfolioScheduleOutput,
    ScheduleCancelQuery,
    UnpublishInput,
    UnpublishScheduledOutput,
)
from portfolio_admin.services import schedules
from portfolio_admin.services.errors import NotFound

ITEM = "/portfolios/<id:portfolio_id>/schedule"
NOTHING_SCHEDULED = "Nothing is scheduled."


def _schedule_data(row: PortfolioSchedule | None) -> dict | None:
    if row is None:
        return None
    return {
        "at": row.run_at,
        "status": row.status,
        "errors": row.errors,
        "failed_at": row.failed_at,
        "created_by": row.created_by.username if row.created_by else None,
        "created_at": row.created_at,
    }


def _schedule_answer(portfolio_id: int):
    found = schedules.schedules_of(portfolio_or_404(portfolio_id).id)
    return json_response(
        {action: _schedule_data(found.get(action)) for action in schedules.ACTIONS}
    )


@operation(ITEM, "GET", permission=PORTFOLIO.retrieve, response=PortfolioScheduleOutput, item=True)
def retrieve_portfolio_schedule(portfolio_id: int):
    """The portfolio's scheduled publishing (of its draft) and unpublishing.

    Each is null when nothing is scheduled; one the worker carried out is gone, one that
    failed stays, with why, until it is cancelled or scheduled again."""
    return _schedule_answer(portfolio_id)


@operation(
    ITEM, "DELETE", permission=PORTFOLIO.update, query=ScheduleCancelQuery, status=204, item=True
)
def cancel_portfolio_schedule(portfolio_id: int, query: ScheduleCancelQuery):
    """Cancel the portfolio's scheduled publishing or unpublishing (`action`), or both.

    A failed one is forgotten. 404 when there is nothing of the kind to cancel."""
    require_match([(Portfolio.__table__, portfolio_id)], lambda: _schedule_answer(portfolio_id))
    try:
        schedules.cancel(portfolio_or_404(portfolio_id), query.action)
    except NotFound:
        raise ApiError(404, NOTHING_SCHEDULED) from None
    return json_response(None, 204)


@operation(
    "/portfolios/<id:portfolio_id>/unpublish/",
    "POST",
    permission=PORTFOLIO.update,
    body=UnpublishInput,
    response=PortfolioOutput,
    also={202: (UnpublishScheduledOutput, "Scheduled: unpublished at `at`, by the worker.")},
    item=True,
)
def unpublish_portfolio(portfolio_id: int, data: dict):
    """Make the portfolio inactive (`is_active` false): now, or at `at`.

    Now is a change as a `PATCH` would make it (a new revision); answers with the
    portfolio. With `at` in the future the worker does it then (`202 {"unpublish_at":
    ...}`; a later `at` replaces it; unpublishing now cancels it); an `at` that is not in
    the future unpublishes now."""
    portfolio = portfolio_or_404(portfolio_id)
    at = data.get("at")
    if at is not None and at > utcnow():
        scheduled = schedules.schedule(portfolio, UNPUBLISH, at)
        return json_response({"unpublish_at": scheduled.run_at}, 202)
    schedules.unpublish(portfolio)
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id == portfolio_id))
    return json_response(portfolios_data(rows)[0])
