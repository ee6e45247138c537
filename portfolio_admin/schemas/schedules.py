"""Scheduled publishing and unpublishing: what ``POST .../draft/publish/`` and
``POST .../unpublish/`` accept, their answers when they schedule, and a portfolio's
schedule as ``GET``/``DELETE /api/portfolios/{id}/schedule`` show it."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from portfolio_admin.schemas.common import InputSchema, OutputSchema
from portfolio_admin.schemas.portfolios import Timestamp

AT_FORMAT = (
    "an ISO 8601 datetime (without an offset, UTC; a bare date, midnight UTC), up to "
    "9999-12-31T23:59:59Z"
)


class PublishInput(InputSchema):
    """When to publish the draft; without ``at`` (or with ``null``), now."""

    at: Timestamp = Field(
        None,
        description=f"When to publish: {AT_FORMAT}. A moment not in the future publishes "
        "at once (200).",
    )


class UnpublishInput(InputSchema):
    """When to make the portfolio inactive; without ``at`` (or with ``null``), now."""

    at: Timestamp = Field(
        None,
        description=f"When to unpublish: {AT_FORMAT}. A moment not in the future "
        "unpublishes at once (200).",
    )


class ScheduledOutput(OutputSchema):
    """The answer when publishing is scheduled (202)."""

    publish_at: datetime = Field(description="When the draft will be published (UTC).")


class UnpublishScheduledOutput(OutputSchema):
    """The answer when unpublishing is scheduled (202)."""

    unpublish_at: datetime = Field(description="When the portfolio will be made inactive (UTC).")


class ScheduleOutput(OutputSchema):
    """One scheduled change: waiting for its moment, or failed (not tried again)."""

    at: datetime = Field(description="When it is (or was) to be carried out (UTC).")
    status: Literal["pending", "failed"] = Field(
        description="`pending` until the worker carries it out (then it is gone); `failed` "
        "when the draft no longer passed its checks then."
    )
    errors: dict[str, list[str]] | None = Field(
        description="Why it failed, by field, as a `400` would say it; null while pending."
    )
    failed_at: datetime | None
    created_by: str | None = Field(description="Username of whoever scheduled it.")
    created_at: datetime


class PortfolioScheduleOutput(OutputSchema):
    """A portfolio's scheduled publishing of its draft and unpublishing (null: none)."""

    publish: ScheduleOutput | None
    unpublish: ScheduleOutput | None


class ScheduleCancelQuery(BaseModel):
    """Which schedule to cancel."""

    action: Literal["publish", "unpublish"] | None = Field(
        None, description="`publish` or `unpublish`; without it, both."
    )
