"""``/api/portfolios/:id/meta/``: free-form key/value entries of a portfolio."""

from portfolio_admin.api.resources import ResourceApi, parent_portfolio, register
from portfolio_admin.api.serializers import META_ENTRY_OUTPUT, meta_data
from portfolio_admin.auth.permissions import META
from portfolio_admin.models import MetaEntry
from portfolio_admin.schemas.meta import MetaInput
from portfolio_admin.services import meta

register(
    ResourceApi(
        name="meta entry",
        plural="meta entries",
        collection="/portfolios/<id:portfolio_id>/meta/",
        item="/portfolios/<id:portfolio_id>/meta",
        permissions=META,
        model=MetaEntry,
        columns=META_ENTRY_OUTPUT.columns,
        serialize=meta_data,
        schema=MetaInput,
        response=META_ENTRY_OUTPUT.schema,
        create=meta.create_meta,
        update=meta.update_meta,
        delete=meta.delete_meta,
        ordering={"id": MetaEntry.id, "key": MetaEntry.key},
        default_order=[MetaEntry.id.asc()],
        scope=("portfolio_id",),
        parent=parent_portfolio,
    )
)
