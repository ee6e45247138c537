"""The studio's clients."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile
from portfolio_admin.models.searchable import Searchable, search_index


class Employer(Searchable, Timestamped, db.Model):
    """A client a portfolio project was made for."""

    __tablename__ = "employers"
    __table_args__ = (search_index("employers"), NEVER_REUSE_IDS)

    search_columns = ("name", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_files.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)

    image: Mapped[MediaFile | None] = relationship()
