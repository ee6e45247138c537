"""Free-form key/value entries on a portfolio; a value is text, a file, or both."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile


class MetaEntry(Timestamped, db.Model):
    """One key of one portfolio, unique within that portfolio."""

    __tablename__ = "meta_entries"
    __table_args__ = (UniqueConstraint("portfolio_id", "key"), NEVER_REUSE_IDS)

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
