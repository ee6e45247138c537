"""Scheduled publishing in the admin: on a portfolio's page, when to publish its draft and
when to make it inactive (typed in the staff's time zone and the page's calendar), what
is scheduled or failed, and cancelling it. The background worker carries them out."""

from datetime import datetime

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portfolio_admin.activity.queries import staff_zone
from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm, ScheduleForm, show_errors
from portfolio_admin.admin.helpers import get_or_404, require
from portfolio_admin.admin.messages import translate
from portfolio_admin.admin.portfolios import edit_page
from portfolio_admin.admin.schedule_panel import failure_reasons, may_publish_later
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.i18n import local_datetime
from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.models.schedule import PUBLISH, UNPUBLISH
from portfolio_admin.schemas.common import NON_FIELD
from portfolio_admin.services import drafts, schedules
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.timestamps import in_utc

REQUIRED = "This field is required."
SCHEDULED = {
    PUBLISH: _l("Scheduled to publish on %(when)s."),
    UNPUBLISH: _l("Scheduled to unpublish (make inactive) on %(when)s."),
}
CANCELLED = {
    PUBLISH: _l("Scheduled publishing cancelled."),
    UNPUBLISH: _l("Scheduled unpublishing cancelled."),
}


def _moments(form: ScheduleForm, offered: tuple[str, ...]) -> dict[str, datetime]:
    """The moments the form asks for, by action: each day and time in the staff's time
    zone, in UTC. A pair left empty asks for nothing; half a pair is an error."""
    moments, errors = {}, {}
    for action in offered:
        day, time = form[f"{action}_on"], form[f"{action}_time"]
        if day.data is None and time.data is None:
            continue
        if day.data is None or time.data is None:
            errors[(time if day.data else day).name] = [REQUIRED]
            continue
        try:
            moments[action] = in_utc(datetime.combine(day.data, time.data, staff_zone()))
        except ValueError as exc:
            errors[day.name] = [str(exc)]
    if not moments and not errors:
        errors[f"{offered[0]}_on"] = [_("Choose a date and a time.")]
    if errors:
        raise ValidationError(errors)
    return moments


@bp.post("/portfolios/<int:pk>/schedule")
def portfolio_schedule(pk: int):
    """Schedule the draft's publishing, the portfolio's unpublishing, or both; each
    replaces the one scheduled before. A pair of fields left empty changes nothing."""
    require(PORTFOLIO.update)
    portfolio = get_or_404(Portfolio, pk)
    form = ScheduleForm()
    offered = (PUBLISH, UNPUBLISH) if may_publish_later(portfolio) else (UNPUBLISH,)
    if form.validate_on_submit():
        try:
            moments = _moments(form, offered)
            for action, at in moments.items():
                _schedule(portfolio, action, at)
        except ValidationError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            for action, at in moments.items():
                flash(SCHEDULED[action] % {"when": local_datetime(at)}, "success")
            return redirect(url_for("admin.portfolio_edit", pk=pk))
    return edit_page(portfolio, schedule_form=form)


def _schedule(portfolio: Portfolio, action: str, at: datetime) -> None:
    """``schedules.schedule``, its errors named as the form's fields: the moment's on the
    date, a draft that would not publish above the form."""
    try:
        schedules.schedule(portfolio, action, at)
    except drafts.NoDraft:
        raise ValidationError({f"{action}_on": [translate(drafts.NO_DRAFT)]}) from None
    except ValidationError as exc:
        errors = dict(exc.errors)
        moment = errors.pop("at", None)
        found = {f"{action}_on": moment} if moment else {}
        if errors:
            found[NON_FIELD] = failure_reasons(errors)
        raise ValidationError(found) from None


@bp.post("/portfolios/<int:pk>/schedule/<any(publish, unpublish):action>/cancel")
def portfolio_schedule_cancel(pk: int, action: str):
    """Cancel the portfolio's scheduled publishing or unpublishing (or forget one that
    failed)."""
    require(PORTFOLIO.update)
    portfolio = get_or_404(Portfolio, pk)
    if ConfirmForm().validate_on_submit():
        try:
            schedules.cancel(portfolio, action)
        except NotFound:
            flash(_("Nothing is scheduled."), "error")
        else:
            db.session.commit()
            flash(str(CANCELLED[action]), "success")
    return redirect(url_for("admin.portfolio_edit", pk=pk))
