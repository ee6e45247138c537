"""Query strings of the API's list endpoints."""

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from portfolio_admin.schemas.common import Id, InputSchema, normalised_name

MAX_PAGE_SIZE = 100


class ListQuery(InputSchema):
    """Pagination, search and ordering, shared by every list."""

    page: Annotated[int, Field(ge=1, description="Page number, from 1.")] = 1
    page_size: Annotated[
        int,
        Field(ge=1, description=f"Items per page (default 20, at most {MAX_PAGE_SIZE})."),
        AfterValidator(lambda size: min(size, MAX_PAGE_SIZE)),
    ] = 20
    search: Annotated[
        str | None, Field(max_length=255, description="Case-insensitive text to find.")
    ] = None
    ordering: Annotated[
        str | None, Field(max_length=255, description="Fields to sort by, `-` for descending.")
    ] = None


class PortfolioListQuery(ListQuery):
    """The portfolio list's query: the shared ones and its filters."""

    is_active: bool | None = Field(None, description="Only active (or inactive) portfolios.")
    # Ids, bounded like every id: a larger number would overflow the database's integer.
    employer: Annotated[Id | None, Field(description="Only this employer's.")] = None
    tags: list[Id] = Field(
        [], description="Only portfolios with any of these tags (repeat the parameter)."
    )
    slug: Annotated[
        str | None,
        Field(max_length=255, description="The portfolio with this slug."),
        BeforeValidator(normalised_name),  # as slugs are stored
    ] = None
