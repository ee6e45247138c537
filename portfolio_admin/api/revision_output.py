"""A portfolio's output as a revision stores it, and stored output as a reader sees it.

Revisions are written at commit, also by commands that have no request and so no host:
file URLs are stored as the storage gives them (``/media/...``, or a storage's absolute
URL), and the host of the request reading them is added then, as in every other output.
"""

import orjson
from flask import request
from sqlalchemy import select

from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, portfolios_data
from portfolio_admin.api.rows import read_rows
from portfolio_admin.api.serializers import site_rooted_file_urls
from portfolio_admin.models import Portfolio

URL_KEYS = ("f",)
SRCSET_KEYS = ("srcset",)  # "<url> 64w, <url> 128w": each candidate starts with a URL


def portfolio_snapshots(ids: list[int]) -> dict[int, dict]:
    """The output of each existing portfolio in ``ids`` as plain JSON values, by id."""
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id.in_(ids)))
    with site_rooted_file_urls():
        items = portfolios_data(rows)
    return {item["id"]: orjson.loads(orjson.dumps(item, option=orjson.OPT_UTC_Z)) for item in items}


def with_host(data):
    """Stored output with site-rooted file URLs made absolute for this request's host."""
    host = request.host_url.rstrip("/")
    return _rooted(data, host)


def _rooted(value, host: str):
    if isinstance(value, dict):
        return {key: _rooted_item(key, item, host) for key, item in value.items()}
    if isinstance(value, list):
        return [_rooted(item, host) for item in value]
    return value


def _rooted_item(key: str, item, host: str):
    if isinstance(item, str):
        if key in URL_KEYS and item.startswith("/"):
            return host + item
        if key in SRCSET_KEYS:
            candidates = item.split(", ") if item else []
            return ", ".join(host + c if c.startswith("/") else c for c in candidates)
        return item
    return _rooted(item, host)
