"""The activity log: the global page with filters, and each object's history."""

from datetime import datetime

from babel.core import UnknownLocaleError
from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from portfolio_admin.activity import queries, references
from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import AdminForm
from portfolio_admin.admin.helpers import paginate, require_admin
from portfolio_admin.admin.messages import translate
from portfolio_admin.i18n import language_name, local_datetime, number
from portfolio_admin.models import User
from portfolio_admin.models.base import db
from portfolio_admin.timestamps import day_end, day_start

RESOURCES = {
    "portfolio": _l("Portfolio"),
    "employer": _l("Employer"),
    "tag": _l("Tag"),
    "link": _l("Link"),
    "meta": _l("Meta entry"),
    "media": _l("Media file"),
    "user": _l("User"),
    "token": _l("API token"),
    "role": _l("Role"),
}
ACTIONS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
FIELDS = {
    "title": _l("Title"),
    "slug": _l("Slug"),
    "excerpt": _l("Excerpt"),
    "description": _l("Description"),
    "image_id": _l("Image"),
    "order": _l("Display order"),
    "employer_id": _l("Employer"),
    "is_active": _l("Active"),
    "completed_at": _l("Completed"),
    "images": _l("Gallery"),
    "tags": _l("Tags"),
    "name": _l("Name"),
    "portfolio_id": _l("Portfolio"),
    "url": _l("URL"),
    "key": _l("Key"),
    "value_text": _l("Text value"),
    "value_file_id": _l("File"),
    "type": _l("Kind"),
    "path": _l("Stored as"),
    "size": _l("Size in bytes"),
    "username": _l("Username"),
    "is_staff": _l("Staff"),
    "is_admin": _l("Administrator"),
    "language": _l("Language"),
    "permissions": _l("Permission codes"),
    "password": _l("Password"),
    "two_factor_stamp": _l("Second factor"),
    "user_id": _l("User"),
    "expires_at": _l("Expires"),
    "revoked_at": _l("Revoked"),
    "roles": _l("Roles"),
    "scope": _l("Limited to"),
    "publish_at": _l("Publish at"),
    "unpublish_at": _l("Unpublish at"),
    "publish_failed_at": _l("Scheduled publishing that failed"),
    "unpublish_failed_at": _l("Scheduled unpublishing that failed"),
}
VIA = {
    "ui": _l("admin"),
    "api": _l("API"),
    "cli": _l("command line"),
    "schedule": _l("schedule"),
}


def _day_within_range(moment):
    """A validator: the day's ``moment`` (``day_start`` or ``day_end``) must be one a
    datetime holds in the staff's time zone: ``9999-12-31`` never ends."""

    def check(form, field):
        if field.data is not None:
            try:
                moment(field.data, queries.staff_zone())
            except ValueError as exc:
                raise ValidationError(translate(str(exc))) from None

    return check


class ActivityFilters(AdminForm):
    """The global log's filters, sent in the query string."""

    class Meta:
        csrf = False

    user = SelectField(_l("User"), coerce=str, validators=[Optional()])
    resource = SelectField(_l("Resource"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional(), _day_within_range(day_start)])
    end = DateField(_l("To"), validators=[Optional(), _day_within_range(day_end)])


def _filters() -> ActivityFilters:
    form = ActivityFilters(formdata=None)
    users = db.session.execute(select(User.id, User.username).order_by(User.username))
    form.user.choices = [("", _l("Anyone"))] + [(str(u.id), u.username) for u in users]
    form.resource.choices = [("", _l("Everything")), *RESOURCES.items()]
    form.action.choices = [("", _l("Any action")), *ACTIONS.items()]
    return form


@bp.get("/activity/")
def activity_log():
    """Every change, newest first, filtered by user, resource, action and dates (admins);
    400 with the messages beside the filters when one is not valid."""
    require_admin()
    form = _filters()
    form.process(request.args)
    valid = form.validate()
    filters = {}
    if valid:
        filters = {
            "user_id": int(form.user.data) if form.user.data else None,
            "resource": form.resource.data or None,
            "action": form.action.data or None,
            "start": form.start.data,
            "end": form.end.data,
        }
    page = paginate(queries.log(**filters))
    return render_template("admin/activity/list.html", page=page, form=form), 200 if valid else 400


def named(change: list, field: str, known: dict) -> list[list[tuple[int, str | None]]]:
    """The old and new ids of a reference field's change, each with its name: the one
    stored in the entry, else (an entry older than stored names) the current one, else
    ``None`` for an object since deleted."""
    stored = change[2] if len(change) > 2 else {}
    current = known.get(references.REFERENCES[field], {})
    return [
        [(pk, stored.get(str(pk), current.get(pk))) for pk in references.ids_in(value)]
        for value in change[:2]
    ]


def names_missing_from(entries) -> dict[str, dict[int, str]]:
    """Current names of the objects that entries recorded before names were stored refer
    to: one query per resource, none when every entry has its names."""
    wanted = {}
    for entry in entries:
        for field, change in entry.changes.items():
            if field in references.REFERENCES and len(change) == 2:
                for resource, ids in references.wanted({field: change}).items():
                    wanted.setdefault(resource, set()).update(ids)
    return references.current_names(db.session.connection(), wanted) if wanted else {}


def shown_value(field: str, value):
    """A logged value of ``field`` as the page's reader reads it: a moment in the time
    zone and calendar of the page (``expires_at``...), a language by its name, a number
    with the page's digits; other values as they are."""
    if isinstance(value, str) and field.endswith("_at"):
        try:
            return local_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and field == "language":
        try:
            return language_name(value)
        except (ValueError, UnknownLocaleError):
            return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return value


@bp.app_context_processor
def activity_helpers() -> dict:
    return {
        "object_history": queries.history,
        "activity_references": references.REFERENCES,
        "activity_named": named,
        "activity_value": shown_value,
        "activity_names_missing_from": names_missing_from,
        "activity_labels": {
            "resources": RESOURCES,
            "actions": ACTIONS,
            "via": VIA,
            "fields": FIELDS,
        },
    }
