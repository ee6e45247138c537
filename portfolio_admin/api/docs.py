"""The API's own documentation: the OpenAPI document and a page that renders it.

Neither needs a token: they describe the API, they do not open it.
"""

import orjson
from flask import current_app, render_template

from portfolio_admin.api.openapi import build_document
from portfolio_admin.api.routing import bp


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 document of this API, built once per app."""
    body = current_app.extensions.get("openapi_document")
    if body is None:
        body = current_app.extensions["openapi_document"] = orjson.dumps(build_document())
    return current_app.response_class(body, content_type="application/json; charset=utf-8")


@bp.get("/docs", strict_slashes=False)
def docs_page():
    """The API reference, drawn in the browser by the vendored Swagger UI.

    It runs under the site's strict Content-Security-Policy: its code is in static files
    and it styles elements through the DOM, not with inline style attributes.
    """
    return render_template("api/docs.html")
