"""How many links and meta entries one portfolio may have.

Every one of them is in the portfolio's output, so without a bound one portfolio could
make each read of it, and each cached copy, as large as anyone likes. The API and the
admin form both add rows through the services, which check here.
"""

from sqlalchemy import func, select

from portfolio_admin.models import Link, MetaEntry
from portfolio_admin.models.base import db
from portfolio_admin.services.errors import ValidationError

MAX_LINKS = 200
MAX_META_ENTRIES = 200


def check_room_for_link(portfolio_id: int) -> None:
    """Raise ``ValidationError`` on ``links`` when the portfolio has ``MAX_LINKS`` already."""
    if _count(Link, portfolio_id) >= MAX_LINKS:
        raise ValidationError({"links": [f"A portfolio has at most {MAX_LINKS} links."]})


def check_room_for_meta(portfolio_id: int) -> None:
    """Raise ``ValidationError`` on ``meta`` when the portfolio has ``MAX_META_ENTRIES``."""
    if _count(MetaEntry, portfolio_id) >= MAX_META_ENTRIES:
        message = f"A portfolio has at most {MAX_META_ENTRIES} meta entries."
        raise ValidationError({"meta": [message]})


def _count(model, portfolio_id: int) -> int:
    return db.session.scalar(select(func.count()).where(model.portfolio_id == portfolio_id))
