"""Create, change and delete employers."""

from portfolio_admin.models import Employer
from portfolio_admin.models.base import db
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
    """Delete an employer; its portfolios keep existing without one."""
    db.session.delete(employer)
    db.session.flush()
