"""``/api/portfolios/{id}/revisions/``: a portfolio's stored states, and restoring one."""

from sqlalchemy import select

from portfolio_admin.api import listing
from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, portfolios_data
from portfolio_admin.api.resources import parent_portfolio
from portfolio_admin.api.revision_output import with_host
from portfolio_admin.api.routing import operation
from portfolio_admin.api.rows import read_rows
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.json_responses import json_response
from portfolio_admin.models import Portfolio
from portfolio_admin.schemas.common import page_of
from portfolio_admin.schemas.portfolios import PortfolioOutput
from portfolio_admin.schemas.revisions import (
    RevisionDetailOutput,
    RevisionListQuery,
    RevisionOutput,
)
from portfolio_admin.services import revisions
from portfolio_admin.services.revisions import revisions_of

COLLECTION = "/portfolios/<id:portfolio_id>/revisions/"
ITEM = COLLECTION + "<id:revision_id>"


def _item(row) -> dict:
    return {
        "id": row.id,
        "created_at": row.created_at,
        "user": row.user,
        "via": row.via,
        "summary": row.summary,
    }


@operation(
    COLLECTION,
    "GET",
    permission=PORTFOLIO.retrieve,
    query=RevisionListQuery,
    response=page_of(RevisionOutput),
)
def list_portfolio_revisions(portfolio_id: int, query: RevisionListQuery):
    """A page of the portfolio's revisions, newest first."""
    parent_portfolio(portfolio_id)
    count, rows = listing.paginate(revisions_of(portfolio_id), query.page, query.page_size)
    results = [_item(row) for row in rows]
    return json_response(listing.envelope(count, query.page, query.page_size, results))


@operation(ITEM, "GET", permission=PORTFOLIO.retrieve, response=RevisionDetailOutput, item=True)
def retrieve_portfolio_revision(portfolio_id: int, revision_id: int):
    """One revision, with the portfolio as it was then."""
    row = revisions.revision_detail(portfolio_id, revision_id)
    return json_response(_item(row) | {"portfolio": with_host(row.data)})


@operation(
    ITEM + "/restore/", "POST", permission=PORTFOLIO.update, response=PortfolioOutput, item=True
)
def restore_portfolio_revision(portfolio_id: int, revision_id: int):
    """Make the portfolio what the revision shows (a new revision); media, an employer or
    tags deleted since are left out. Answers with the portfolio as it now is."""
    portfolio = parent_portfolio(portfolio_id)
    revisions.restore_revision(portfolio, revisions.get_revision(portfolio_id, revision_id))
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id == portfolio_id))
    return json_response(portfolios_data(rows)[0])
