"""Tags that group portfolio projects."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile
from portfolio_admin.models.searchable import Searchable, search_index


class Tag(Searchable, Timestamped, db.Model):
    """A label such as "sites" or "branding", with an optional image."""

    __tablename__ = "tags"
    __table_args__ = (search_index("tags"), NEVER_REUSE_IDS)

    search_columns = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_files.id", ondelete="SET NULL"), index=True
    )

    image: Mapped[MediaFile | None] = relationship()
