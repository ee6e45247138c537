"""``/api/previews/?token=``: a portfolio as it is about to be, for whoever holds a
preview token (the public site's preview route), without an API token."""

from pydantic import Field
from sqlalchemy import select

from portfolio_admin.api.drafts import draft_output
from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, portfolios_data
from portfolio_admin.api.routing import operation
from portfolio_admin.api.rows import read_rows
from portfolio_admin.json_responses import json_response, not_found
from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import InputSchema
from portfolio_admin.schemas.portfolios import PortfolioOutput
from portfolio_admin.services import drafts, previews


class PreviewQuery(InputSchema):
    """The preview's query: its signed token."""

    token: str = Field(max_length=1000, description="The signed token of a preview link.")


def preview_data(portfolio: Portfolio) -> dict:
    """The portfolio's draft in its output shape, or its live output when it has none."""
    if drafts.get_draft(portfolio.id) is not None or not portfolio.published:
        return draft_output(portfolio)
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id == portfolio.id))
    return portfolios_data(rows)[0]


@operation("/previews/", "GET", permission=None, query=PreviewQuery, response=PortfolioOutput)
def retrieve_preview(query: PreviewQuery):
    """The portfolio a preview token names, as its draft will make it (or as it is, when
    it has no draft).

    Tokens are made by the admin's Preview button and last 15 minutes; an expired or
    altered one is 400 on `token`."""
    portfolio = db.session.get(Portfolio, previews.portfolio_id_of(query.token))
    if portfolio is None:
        raise not_found()
    return json_response(preview_data(portfolio))
