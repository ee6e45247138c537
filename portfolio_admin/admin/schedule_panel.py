"""What a portfolio's page shows of its schedules: what is scheduled or failed and why,
and whether there is a draft to publish later."""

from flask_babel import gettext as _

from portfolio_admin.activity.queries import staff_zone
from portfolio_admin.admin.activity import FIELDS
from portfolio_admin.admin.forms import ScheduleForm, has_errors
from portfolio_admin.admin.messages import translate
from portfolio_admin.models import Portfolio
from portfolio_admin.services import drafts, schedules

# The fields a failed publish names, as the form calls them.
LABELS = {**FIELDS, "image": FIELDS["image_id"], "employer": FIELDS["employer_id"]}


def may_publish_later(portfolio: Portfolio) -> bool:
    """Whether there is something to publish: a draft, or a portfolio not yet live."""
    return not portfolio.published or drafts.get_draft(portfolio.id) is not None


def failure_reasons(errors: dict | None) -> list[str]:
    """A failed schedule's reasons, each with the field it names, in the page's language."""
    reasons = []
    for field, messages in (errors or {}).items():
        text = " ".join(translate(message) for message in messages)
        label = LABELS.get(field)
        reasons.append(_("%(field)s: %(message)s", field=label, message=text) if label else text)
    return reasons


def panel_context(portfolio: Portfolio | None, form: ScheduleForm | None) -> dict:
    """The template's ``schedules`` (by action), ``schedule_reasons`` (a failed one's, by
    action), ``schedule_form`` (``schedule_open`` when it shows errors), ``schedule_zone``
    and ``publish_later`` (whether publishing later is offered)."""
    if portfolio is None:
        return {"schedules": {}, "schedule_form": None}
    found = schedules.schedules_of(portfolio.id)
    return {
        "schedules": found,
        "schedule_reasons": {action: failure_reasons(row.errors) for action, row in found.items()},
        "schedule_form": form or ScheduleForm(formdata=None),
        "schedule_open": form is not None and has_errors(form),
        "schedule_zone": staff_zone().key,
        "publish_later": may_publish_later(portfolio),
    }
