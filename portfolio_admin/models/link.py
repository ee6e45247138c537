"""Links shown with a portfolio project (demo, source code, press...)."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile
from portfolio_admin.models.searchable import Searchable, search_index


class Link(Searchable, Timestamped, db.Model):
    """A named URL belonging to one portfolio."""

    __tablename__ = "links"
    __table_args__ = (search_index("links"), NEVER_REUSE_IDS)

    search_columns = ("name", "description", "url")

    id: Mapped[int] = mapped_column(primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(2048))
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_files.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)

    image: Mapped[MediaFile | None] = relationship()
