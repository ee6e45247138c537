"""What every admin request brings besides its form, refused with a 400 naming it when it
holds control characters: the query string, and the client's address when a proxy's
``X-Forwarded-For`` sets it (the sign-in throttle stores it).

Forms check their own fields (``forms.AdminForm``); a query string is read by many views
in many ways (searches, filters, sorting, paging, ``next``), so it is checked once, before
any of them, even before the sign-in redirect.
"""

from typing import NoReturn

from flask import abort, request
from flask_babel import gettext as _

from portfolio_admin.admin.messages import translate
from portfolio_admin.text import control_character_problem


def refuse_control_characters() -> None:
    """Stop with a 400 page naming the first parameter (or header) with a control character."""
    sent = [*request.args.items(multi=True), ("X-Forwarded-For", request.remote_addr or "")]
    for name, value in sent:
        problem = control_character_problem(name) or control_character_problem(value)
        if problem:
            refuse("".join("\ufffd" if control_character_problem(c) else c for c in name), problem)


def refuse(name: str, message: str) -> NoReturn:
    """Stop with a 400 page saying why the value sent as ``name`` was refused."""
    abort(400, _("“%(name)s” was refused: %(message)s", name=name, message=translate(message)))
