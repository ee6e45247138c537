"""Small pieces every admin view uses: permission checks, lookups, paging, searching."""

from flask import abort, request
from flask_login import current_user
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from portfolio_admin.admin.forms import form_data, show_errors, validate
from portfolio_admin.admin.request_guard import refuse
from portfolio_admin.auth.permissions import user_may
from portfolio_admin.i18n import ascii_digits
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import MAX_ID, Id, first_message
from portfolio_admin.services.errors import ValidationError

PAGE_SIZE = 20
_ID = TypeAdapter(Id)  # the API's rule for ids, which a page number obeys too


def require(code: int) -> None:
    """Stop with a 403 page unless the signed-in user holds ``code``."""
    if not user_may(current_user, code):
        abort(403)


def require_admin() -> None:
    """Stop with a 403 page unless the signed-in user is an administrator."""
    if not current_user.is_admin:
        abort(403)


def get_or_404(model, pk: int):
    """The row with primary key ``pk``, or a 404 page (also for ids no row can have)."""
    obj = db.session.get(model, pk) if 0 < pk <= MAX_ID else None
    if obj is None:
        abort(404)
    return obj


def typed_number(value: str | None, name: str) -> int | None:
    """An id or a page number as someone typed it, Persian or Arabic-Indic digits
    included; ``None`` when blank.

    Anything but a whole number from 1 to ``MAX_ID`` stops with a 400 page naming
    ``name``: no row has another id, no list another page, and the database's integers
    would overflow on the way to finding none.
    """
    text = ascii_digits((value or "").strip())
    if not text:
        return None
    try:
        return _ID.validate_python(text)
    except PydanticValidationError as exc:
        refuse(name, first_message(exc))


def page_number() -> int:
    """The ``page`` query argument, from 1."""
    return typed_number(request.args.get("page"), "page") or 1


def paginate(stmt, per_page: int = PAGE_SIZE):
    """One page of ``stmt``'s rows (Flask-SQLAlchemy's pagination: items, pages, ...)."""
    return db.paginate(stmt, page=page_number(), per_page=per_page, error_out=False)


def search_term() -> str:
    """The ``q`` query argument, trimmed (``request_guard`` refused control characters)."""
    return (request.args.get("q") or "").strip()[:255]


def selected_ids() -> list[int]:
    """The ``ids`` a form or query sent, as integers, without repeats (400 for a bad one)."""
    ids = [typed_number(value, "ids") for value in request.values.getlist("ids")]
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def save_form(form, schema, names, write) -> bool:
    """Validate ``form`` with ``schema``, ``write`` the clean data and commit once.

    On a schema's or a service's errors nothing is saved, the messages are put beside
    their fields and ``False`` is returned.
    """
    data = validate(schema, form_data(form, names), form)
    return data is not None and write_form(form, lambda: write(data))


def write_form(form, write) -> bool:
    """``write()`` and commit once; on a service's errors nothing is saved, the
    messages are put beside their fields and ``False`` is returned."""
    try:
        write()
    except ValidationError as exc:
        db.session.rollback()
        show_errors(form, exc.errors)
        return False
    db.session.commit()
    return True
