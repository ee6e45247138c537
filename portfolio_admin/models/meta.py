"""Free-form key/value entries on a portfolio; a value is text, a file, or both."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile
from portfolio_admin.models.searchable import Searchable, search_index


class MetaEntry(Searchable, Timestamped, db.Model):
    """One key of one portfolio, unique within that portfolio."""

    __tablename__ = "meta_entries"
    __table_args__ = (
        search_index("meta_entries"),
        UniqueConstraint("portfolio_id", "key"),
        NEVER_REUSE_IDS,
    )

    search_columns = ("key", "value_text")

    id: Mapped[int] = mapped_column(primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(255))
    value_text: Mapped[str | None] = mapped_column(Text)
    value_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_files.id", ondelete="SET NULL"), index=True
    )

    value_file: Mapped[MediaFile | None] = relationship()
