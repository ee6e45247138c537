"""Files in the media library and the thumbnails made from images."""

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.searchable import Searchable, search_index

MEDIA_TYPES = ("image", "video", "audio", "document", "file")
ALT_MAX_LENGTH = 500


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
    # SHA-256 of the file as uploaded (hex), to find exact duplicates; null for a file
    # stored before it was kept, until `flask media hash-files`.
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    width: Mapped[int | None]
    height: Mapped[int | None]
    mode: Mapped[str | None] = mapped_column(String(16))
    # What a public site shows with an image: its description and where its subject is.
    alt: Mapped[str] = mapped_column(String(ALT_MAX_LENGTH), default="", server_default="")
    caption: Mapped[str | None] = mapped_column(Text)
    focal_x: Mapped[float | None] = mapped_column(Float)  # 0 (left) to 1 (right)
    focal_y: Mapped[float | None] = mapped_column(Float)  # 0 (top) to 1 (bottom)
    # Made with the thumbnails: "#rrggbb", and a tiny blurred data: URI to show meanwhile.
    dominant_color: Mapped[str | None] = mapped_column(String(7))
    placeholder: Mapped[str | None] = mapped_column(Text)
    # The crops of setting IMAGE_CROPS: {name: {"path", "width", "height", "file_size"}}.
    crops: Mapped[dict | None] = mapped_column(JSON)

    thumbnails: Mapped[list["Thumbnail"]] = relationship(
        back_populates="media",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Thumbnail.size",
    )

    @property
    def is_image(self) -> bool:
        return self.type == "image"

    @property
    def crop_paths(self) -> list[str]:
        """The files of this image's crops."""
        return [crop["path"] for crop in (self.crops or {}).values()]


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
    # The same pixels in modern formats, for <picture><source>; null when not made (WebP
    # for a WebP original: the thumbnail itself is one).
    webp_path: Mapped[str | None] = mapped_column(String(512), unique=True)
    webp_file_size: Mapped[int | None] = mapped_column(BigInteger)
    avif_path: Mapped[str | None] = mapped_column(String(512), unique=True)
    avif_file_size: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def paths(self) -> list[str]:
        """Every file this thumbnail stored."""
        return [path for path in (self.path, self.webp_path, self.avif_path) if path]

    media: Mapped[MediaFile] = relationship(back_populates="thumbnails")
