"""Create, change and delete employers."""

from sqlalchemy import select

from portfolio_admin.models import Employer, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.integrity import assign

UNIQUE = ("name",)
MEDIA = {"image": True}


def create_employer(data: dict) -> Employer:
    """A new employer from validated fields (``name``, ``image``, ``description``)."""
    return assign(Employer(), data, unique=UNIQUE, media=MEDIA)


def update_employer(employer: Employer, data: dict) -> Employer:
    """Change the fields present in ``data``."""
    return assign(employer, data, unique=UNIQUE, media=MEDIA)


def delete_employer(employer: Employer) -> None:
    """Delete an employer; its portfolios keep existing without one (the employer is
    locked first, then they are)."""
    locking.lock(employer, for_delete=True)
    theirs = select(Portfolio.id).where(Portfolio.employer_id == employer.id)
    locking.lock_portfolios(db.session.scalars(theirs))
    db.session.delete(employer)
    db.session.flush()
