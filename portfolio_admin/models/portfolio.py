"""Portfolio projects, their ordered gallery and their ordered tags."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_admin.models.base import NEVER_REUSE_IDS, Timestamped, db
from portfolio_admin.models.employer import Employer
from portfolio_admin.models.media import MediaFile
from portfolio_admin.models.searchable import Searchable, search_index
from portfolio_admin.models.tag import Tag


class Portfolio(Searchable, Timestamped, db.Model):
    """One project shown on the public site."""

    __tablename__ = "portfolios"
    __table_args__ = (
        search_index("portfolios"),
        Index("ix_portfolios_order_completed_at", "order", "completed_at"),
        NEVER_REUSE_IDS,
    )

    search_columns = ("title", "slug", "excerpt", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    excerpt: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_files.id", ondelete="SET NULL"), index=True
    )
    order: Mapped[int] = mapped_column(default=0)
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.id", ondelete="SET NULL"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    # False until first published: not in the API at all (``Portfolio.live``), only in the
    # admin and the draft endpoints.
    published: Mapped[bool] = mapped_column(default=True, server_default=true())
    completed_at: Mapped[datetime | None]

    image: Mapped[MediaFile | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    gallery: Mapped[list["GalleryImage"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="GalleryImage.position"
    )
    tag_links: Mapped[list["PortfolioTag"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PortfolioTag.position"
    )

    @classmethod
    def live(cls):
        """The condition every API read of portfolios adds: published ones only."""
        return cls.published.is_(True)


class GalleryImage(db.Model):
    """An image in a portfolio's gallery, at a position."""

    __tablename__ = "portfolio_images"

    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(
        ForeignKey("media_files.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]

    media: Mapped[MediaFile] = relationship()


class PortfolioTag(db.Model):
    """A tag on a portfolio, at a position."""

    __tablename__ = "portfolio_tags"

    portfolio_id: Mapped[int] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]

    tag: Mapped[Tag] = relationship()
