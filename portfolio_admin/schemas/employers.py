"""What an employer accepts."""

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema, Name, Text


class EmployerInput(InputSchema):
    """Fields of an employer, as sent to create or change one."""

    name: Name = Field(description="Unique name of the employer.")
    image: Id | None = Field(None, description="Id of an image in the media library.")
    description: Text | None = Field(None, description="What the employer does.")
