"""Error handlers: JSON ``{"detail": ...}`` under ``/api/``, friendly pages elsewhere."""

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge
from werkzeug.exceptions import NotFound as HTTPNotFound

from portfolio_admin.json_responses import ApiError, json_response
from portfolio_admin.models.base import db
from portfolio_admin.services.errors import NotFound, TooLarge, ValidationError

API_DETAILS = {404: "Not found."}


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(NotFound, lambda exc: _http_error(HTTPNotFound()))
    app.register_error_handler(TooLarge, lambda exc: _http_error(RequestEntityTooLarge(str(exc))))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _api_error(exc: ApiError):
    return json_response({"detail": exc.detail}, exc.status, exc.headers)


def _validation_error(exc: ValidationError):
    if wants_json():
        return json_response(exc.errors, 400)
    return _page(400, " ".join(m for messages in exc.errors.values() for m in messages))


def _csrf_error(exc: CSRFError):
    """A form without a valid CSRF token: most often a page left open too long."""
    message = _("The form has expired. Go back, reload the page and send it again.")
    if request.method == "POST" and request.path.startswith("/admin/"):
        # The admin's forms keep what was sent in the browser tab and offer it back.
        page = render_template(
            "errors/error.html", status=400, message=message, retry_url=request.path
        )
        return page, 400
    return _page(400, message)


def _http_error(exc: HTTPException):
    if exc.response is not None:  # made already, e.g. a 429 by ``api.rate_limits``
        return exc.response
    status = exc.code or 500
    if wants_json():
        if status == 405:
            detail = f'Method "{request.method}" not allowed.'
        else:
            detail = API_DETAILS.get(status, exc.description)
        response = json_response({"detail": detail}, status)
        if status == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response
    return _page(status, exc.description)


def _unexpected_error(exc: Exception):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    # The error may have left the session unusable, and the page still reads the user's
    # language through it; nothing of the failed request is to be saved anyway.
    db.session.rollback()
    if wants_json():
        return json_response({"detail": "A server error occurred."}, 500)
    return _page(500, InternalServerError.description)


def _page(status: int, message: str):
    return render_template("errors/error.html", status=status, message=message), status
