"""Publishing a draft later: what ``POST /api/portfolios/{id}/draft/publish/`` accepts,
and its answer when it schedules."""

from datetime import datetime

from pydantic import Field

from portfolio_admin.schemas.common import InputSchema, OutputSchema
from portfolio_admin.schemas.portfolios import Timestamp


class PublishInput(InputSchema):
    """When to publish the draft; without ``at`` (or with ``null``), now."""

    at: Timestamp = Field(
        None,
        description="When to publish: an ISO 8601 datetime (without an offset, UTC; a "
        "bare date, midnight UTC). A moment not in the future publishes at once (200).",
    )


class ScheduledOutput(OutputSchema):
    """The answer when publishing is scheduled (202)."""

    publish_at: datetime = Field(description="When the draft will be published (UTC).")
