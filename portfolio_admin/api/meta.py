"""``/api/portfolios/:id/meta/``: free-form key/value entries of a portfolio."""

from portfolio_admin.api.resources import ResourceApi, parent_portfolio, register
from portfolio_admin.api.serializers import META_COLUMNS, meta_data
from portfolio_admin.auth.permissions import META
from portfolio_admin.models import MetaEntry
from portfolio_admin.schemas.meta import MetaEntryOutput, MetaInput
from portfolio_admin.services import meta

register(
    ResourceApi(
        name="meta entry",
        plural="meta entries",
        collection="/portfolios/<id:portfolio_id>/meta/",
        item="/portfolios/<id:portfolio_id>/meta",
        permissions=META,
        model=MetaEntry,
        columns=META_COLUMNS,
        serialize=meta_data,
        schema=MetaInput,
        response=MetaEntryOutput,
        create=meta.create_meta,
        update=meta.update_meta,
        delete=meta.delete_meta,
        search_columns=[MetaEntry.key, MetaEntry.value_text],
        ordering={"id": MetaEntry.id, "key": MetaEntry.key},
        default_order=[MetaEntry.id.asc()],
        scope=("portfolio_id",),
        parent=parent_portfolio,
    )
)
