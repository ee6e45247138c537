"""A portfolio's draft: what the draft endpoints accept, what a draft stores, its output.

A draft is portfolio input plus, optionally, the portfolio's links and meta entries as
whole lists (``links``, ``meta``): a row with an ``id`` is that live row as the draft has
it, a row without one is added, and a live row left out is removed. What is stored is the
difference from the live rows (``RowChanges``), so a row nobody changed in the draft keeps
whatever is saved live meanwhile.
"""

from datetime import datetime
from typing import Annotated

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema
from portfolio_admin.schemas.links import LinkInput, LinkNestedOutput
from portfolio_admin.schemas.meta import MetaEntryOutput, MetaInput
from portfolio_admin.schemas.portfolios import MAX_LIST, PortfolioInput, PortfolioOutput

RowId = Annotated[Id | None, Field(description="The live row this one is; none for a new one.")]


class DraftLinkInput(LinkInput):
    """A link as a draft has it."""

    id: RowId = None


class DraftMetaInput(MetaInput):
    """A meta entry as a draft has it."""

    id: RowId = None


def _no_default(schema: dict) -> None:
    schema.pop("default", None)  # left out means "keep", not null


class PortfolioDraftInput(PortfolioInput):
    """A portfolio's draft: its input, and optionally its links and meta entries."""

    # Left out of a PUT, the draft's links and meta entries stay as they are (the live ones,
    # when the draft never had any).
    added_fields = ("links", "meta")

    # No ``None``: leaving a list out keeps it, ``null`` is refused as for any list.
    links: list[DraftLinkInput] = Field(
        None,
        max_length=MAX_LIST,
        json_schema_extra=_no_default,
        description="Every link once published: with `id` a live one, without it a new one; "
        "live links left out are removed.",
    )
    meta: list[DraftMetaInput] = Field(
        None,
        max_length=MAX_LIST,
        json_schema_extra=_no_default,
        description="Every meta entry once published, as `links` are.",
    )


class LinkChanges(InputSchema):
    """The links a draft adds or changes (``id`` none: added), and the ids it removes."""

    changed: list[DraftLinkInput] = []
    removed: list[Id] = []


class MetaChanges(InputSchema):
    """The meta entries a draft adds or changes, and the ids it removes."""

    changed: list[DraftMetaInput] = []
    removed: list[Id] = []


class StoredDraft(PortfolioInput):
    """A draft as stored: ``links`` or ``meta`` none when it keeps the live ones (every
    draft saved before drafts held them)."""

    links: LinkChanges | None = None
    meta: MetaChanges | None = None


class DraftLinkOutput(LinkNestedOutput):
    """A link as the draft has it: ``id`` null for one the draft adds."""

    id: int | None


class DraftMetaOutput(MetaEntryOutput):
    """A meta entry as the draft has it: ``id`` null for one the draft adds."""

    id: int | None


class PortfolioDraftOutput(PortfolioOutput):
    """A portfolio as its draft will make it, then when it is scheduled."""

    links_data: list[DraftLinkOutput]
    meta: list[DraftMetaOutput]
    publish_at: datetime | None = Field(
        description="When the draft is scheduled to be published (UTC), or null."
    )
    unpublish_at: datetime | None = Field(
        description="When the portfolio is scheduled to be made inactive (UTC), or null."
    )
