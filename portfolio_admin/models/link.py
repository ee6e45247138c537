"""Links shown with a portfolio project (demo, source code, press...)."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.media import MediaFile


class Link(Timestamped, db.Model):
    """A named URL belonging to one portfolio."""

    __tablename__ = "links"
    __table_args__ = NEVER_REUSE_IDS

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
