"""What the API shows of a portfolio's revisions, and the query of their list."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from portfolio_admin.schemas.common import OutputSchema, PageQuery
from portfolio_admin.schemas.portfolios import PortfolioOutput


class RevisionListQuery(PageQuery):
    """Pagination of a portfolio's revisions (always newest first)."""


class RevisionOutput(OutputSchema):
    """One stored state of a portfolio: when, by whom and how it was made."""

    id: int
    created_at: datetime
    user: str | None = Field(description="Username of who made it; null for a command.")
    via: Literal["admin", "api", "cli", "schedule"] = Field(
        description="How: the admin, the API, a command, or a schedule the worker carried out."
    )
    summary: str = Field(description='The fields that changed, e.g. "title, tags".')


class RevisionDetailOutput(RevisionOutput):
    """A revision with the portfolio as the API showed it then."""

    portfolio: PortfolioOutput
