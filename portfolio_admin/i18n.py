"""Which language a page is shown in, and which way its text runs."""

from flask import current_app
from flask_babel import get_locale
from flask_login import current_user

RIGHT_TO_LEFT = {"fa", "ar", "he", "ur", "ps", "ckb"}


def select_locale() -> str:
    """The signed-in user's language when the app offers it, else the default."""
    offered = current_app.config["LANGUAGES"]
    language = getattr(current_user, "language", None) if current_user else None
    if language in offered:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def page_language() -> dict:
    """``lang`` and ``dir`` for the ``<html>`` element of every page."""
    locale = get_locale()
    code = locale.language if locale else "en"
    return {"page_lang": code, "page_dir": "rtl" if code in RIGHT_TO_LEFT else "ltr"}
