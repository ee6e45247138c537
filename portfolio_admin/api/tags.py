"""``/api/portfolios/tags/``: labels that group portfolios."""

from portfolio_admin.api.resources import ResourceApi, register
from portfolio_admin.api.serializers import TAG_OUTPUT, tags_data
from portfolio_admin.auth.permissions import TAG
from portfolio_admin.models import Tag
from portfolio_admin.schemas.tags import TagInput
from portfolio_admin.services import tags

register(
    ResourceApi(
        name="tag",
        collection="/portfolios/tags/",
        item="/portfolios/tags",
        permissions=TAG,
        model=Tag,
        columns=TAG_OUTPUT.columns,
        serialize=tags_data,
        schema=TagInput,
        response=TAG_OUTPUT.schema,
        create=tags.create_tag,
        update=tags.update_tag,
        delete=tags.delete_tag,
        ordering={
            "id": Tag.id,
            "name": Tag.name,
            "created_at": Tag.created_at,
            "updated_at": Tag.updated_at,
        },
        default_order=[Tag.name.asc()],
    )
)
