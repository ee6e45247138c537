"""A meta entry of a portfolio: what it accepts, and its output."""

from pydantic import Field

from portfolio_admin.schemas.common import Id, InputSchema, Name, OutputSchema, Text
from portfolio_admin.schemas.media import MediaShortOutput


class MetaInput(InputSchema):
    """Fields of a meta entry, as sent to create or change one."""

    key: Name = Field(description="Unique within its portfolio.")
    value_text: Text | None = Field(None, description="A text value.")
    value_file: Id | None = Field(None, description="Id of a media file of any kind.")


class MetaEntryOutput(OutputSchema):
    """A key/value entry of a portfolio; the value may be a text, a file, or both."""

    id: int
    key: str
    value_text: str | None
    value_file: MediaShortOutput | None
