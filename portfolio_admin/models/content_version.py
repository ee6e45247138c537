"""A counter every write bumps, so caches of API output know when they are stale."""

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from portfolio_admin.models.base import db


class ContentVersion(db.Model):
    """A single row whose ``version`` grows by one with every committed write."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
