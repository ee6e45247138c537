"""An employer: what it accepts, and its output on its own and inside a portfolio."""

from datetime import datetime

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema, Name, OutputSchema, Text
from portfolio_admin.schemas.media import MediaImageOutput


class EmployerInput(InputSchema):
    """Fields of an employer, as sent to create or change one."""

    name: Name = Field(description="Unique name of the employer.")
    image: Id | None = Field(None, description="Id of an image in the media library.")
    description: Text | None = Field(None, description="What the employer does.")


class EmployerNestedOutput(OutputSchema):
    """An employer inside a portfolio."""

    id: int
    name: str
    image_data: MediaImageOutput | None
    description: str | None


class EmployerOutput(EmployerNestedOutput):
    """An employer."""

    created_at: datetime
    updated_at: datetime
