"""What the API shows of a portfolio's revisions, and the query of their list."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from portfolio_admin.schemas.common import MAX_PAGE_SIZE, InputSchema, OutputSchema
from portfolio_admin.schemas.portfolios import PortfolioOutput


class RevisionListQuery(InputSchema):
    """Pagination of a portfolio's revisions (always newest first)."""

    page: Annotated[int, Field(ge=1, description="Page number, from 1.")] = 1
    page_size: Annotated[
        int,
        Field(ge=1, description=f"Items per page (default 20, at most {MAX_PAGE_SIZE})."),
        AfterValidator(lambda size: min(size, MAX_PAGE_SIZE)),
    ] = 20


class RevisionOutput(OutputSchema):
    """One stored state of a portfolio: when, by whom and how it was made."""

    id: int
    created_at: datetime
    user: str | None = Field(description="Username of who made it; null for a command.")
    via: Literal["admin", "api", "cli"]
    summary: str = Field(description='The fields that changed, e.g. "title, tags".')


class RevisionDetailOutput(RevisionOutput):
    """A revision with the portfolio as the API showed it then."""

    portfolio: PortfolioOutput
