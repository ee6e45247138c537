"""Files in the media library and the thumbnails made from images."""

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.searchable import Searchable, search_index

MEDIA_TYPES = ("image", "video", "audio", "document", "file")


class MediaFile(Searchable, Timestamped, db.Model):
    """An uploaded file. Images also carry their dimensions, mode and thumbnails."""

    __tablename__ = "media_files"
    __table_args__ = (search_index("media_files"), NEVER_REUSE_IDS)

    search_columns = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(512), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    mode: Mapped[str | None] = mapped_column(String(16))

    thumbnails: Mapped[list["Thumbnail"]] = relationship(
        back_populates="media",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Thumbnail.size",
    )

    @property
    def is_image(self) -> bool:
        return self.type == "image"


class Thumbnail(db.Model):
    """One scaled copy of an image, fitting a square bounding box of ``size`` pixels."""

    __tablename__ = "thumbnails"
    __table_args__ = (UniqueConstraint("media_id", "size"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id", ondelete="CASCADE"))
    size: Mapped[int]
    path: Mapped[str] = mapped_column(String(512), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    file_size: Mapped[int] = mapped_column(BigInteger)

    media: Mapped[MediaFile] = relationship(back_populates="thumbnails")
