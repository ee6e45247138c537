"""``/api/portfolios/``: the projects the public site shows."""

from sqlalchemy import exists

from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, portfolios_data
from portfolio_admin.api.resources import ResourceApi, register
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import Portfolio, PortfolioTag
from portfolio_admin.schemas.portfolios import PortfolioInput, PortfolioListQuery
from portfolio_admin.services import portfolios


def _filter(stmt, query: PortfolioListQuery):
    """``?is_active=``, ``?employer=``, ``?tags=`` (any of them) and ``?slug=``."""
    if query.is_active is not None:
        stmt = stmt.where(Portfolio.is_active == query.is_active)
    if query.employer is not None:
        stmt = stmt.where(Portfolio.employer_id == query.employer)
    if query.tags:
        stmt = stmt.where(
            exists().where(
                PortfolioTag.portfolio_id == Portfolio.id, PortfolioTag.tag_id.in_(query.tags)
            )
        )
    if query.slug is not None:
        stmt = stmt.where(Portfolio.slug == query.slug)
    return stmt


register(
    ResourceApi(
        name="portfolio",
        collection="/portfolios/",
        item="/portfolios",
        permissions=PORTFOLIO,
        model=Portfolio,
        columns=PORTFOLIO_OUTPUT.columns,
        serialize=portfolios_data,
        schema=PortfolioInput,
        response=PORTFOLIO_OUTPUT.schema,
        create=portfolios.create_portfolio,
        update=portfolios.update_portfolio,
        delete=portfolios.delete_portfolio,
        ordering={
            "id": Portfolio.id,
            "title": Portfolio.title,
            "slug": Portfolio.slug,
            "order": Portfolio.order,
            "completed_at": Portfolio.completed_at,
            "created_at": Portfolio.created_at,
            "updated_at": Portfolio.updated_at,
        },
        default_order=[Portfolio.order.asc(), Portfolio.completed_at.desc().nulls_last()],
        query=PortfolioListQuery,
        filter=_filter,
        visible=(Portfolio.live(),),
    )
)
