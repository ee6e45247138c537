"""``/api/portfolios/:id/links/``: links shown with a portfolio."""

from portfolio_admin.api.resources import ResourceApi, parent_portfolio, register
from portfolio_admin.api.serializers import LINK_OUTPUT, links_data
from portfolio_admin.auth.permissions import LINK
from portfolio_admin.models import Link
from portfolio_admin.schemas.links import LinkInput
from portfolio_admin.services import links

register(
    ResourceApi(
        name="link",
        collection="/portfolios/<id:portfolio_id>/links/",
        item="/portfolios/<id:portfolio_id>/links",
        permissions=LINK,
        model=Link,
        columns=LINK_OUTPUT.columns,
        serialize=links_data,
        schema=LinkInput,
        response=LINK_OUTPUT.schema,
        create=links.create_link,
        update=links.update_link,
        delete=links.delete_link,
        ordering={
            "id": Link.id,
            "name": Link.name,
            "created_at": Link.created_at,
            "updated_at": Link.updated_at,
        },
        default_order=[Link.id.asc()],
        scope=("portfolio_id",),
        parent=parent_portfolio,
    )
)
