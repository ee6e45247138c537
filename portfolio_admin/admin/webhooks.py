"""Webhooks, for administrators: register endpoints (the signing secret is shown once, on
the page that answers the creation), change or delete them, and follow the deliveries,
resending one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm, WebhookForm
from portfolio_admin.admin.helpers import get_or_404, paginate, require_admin, write_form
from portfolio_admin.admin.pages import confirm_action
from portfolio_admin.models import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.base import db
from portfolio_admin.services import webhooks
from portfolio_admin.services.webhook_events import EVENT_TYPES

STATUS_LABELS = {
    "pending": _l("Pending"),
    "delivered": _l("Delivered"),
    "failed": _l("Failed"),
}


@bp.get("/webhooks/")
def webhooks_list():
    """The endpoints, and the deliveries newest first."""
    require_admin()
    return render_template(
        "admin/webhooks/list.html",
        endpoints=webhooks.list_endpoints(),
        page=paginate(webhooks.deliveries()),
        status_labels=STATUS_LABELS,
        resend_form=ConfirmForm(),
    )


@bp.route("/webhooks/new", methods=["GET", "POST"])
def webhook_create():
    """A new endpoint; its signing secret is shown once, on the answer."""
    require_admin()
    form = WebhookForm()
    if request.method == "GET":
        form.is_active.data = True
    saved = []

    def save():
        saved.append(webhooks.create_endpoint(_url(form), _events(form), form.is_active.data))

    if form.validate_on_submit() and write_form(form, save):
        page = render_template("admin/webhooks/created.html", endpoint=saved[0])
        # The secret must not linger in the browser's cache or history.
        return page, 200, {"Cache-Control": "no-store"}
    return _form_page(form, None)


@bp.route("/webhooks/<int:pk>/", methods=["GET", "POST"])
def webhook_edit(pk: int):
    """An endpoint's URL, events and whether it is sent anything."""
    require_admin()
    endpoint = get_or_404(WebhookEndpoint, pk)
    if request.method == "POST":
        form = WebhookForm()
    else:
        form = WebhookForm(url=endpoint.url, events=endpoint.events, is_active=endpoint.is_active)

    def save():
        webhooks.update_endpoint(endpoint, _url(form), _events(form), form.is_active.data)

    if form.validate_on_submit() and write_form(form, save):
        flash(_("Webhook endpoint saved."), "success")
        return redirect(url_for("admin.webhooks_list"))
    return _form_page(form, endpoint)


def _url(form) -> str:
    return form.url.data or ""


def _events(form) -> list[str]:
    return form.events.data or []


def _form_page(form, endpoint):
    page = render_template(
        "admin/webhooks/form.html", form=form, endpoint=endpoint, event_types=EVENT_TYPES
    )
    return page, 400 if form.errors or form.form_errors else 200


@bp.route("/webhooks/<int:pk>/delete", methods=["GET", "POST"])
def webhook_delete(pk: int):
    """Delete an endpoint and its deliveries, after confirmation."""
    require_admin()
    endpoint = get_or_404(WebhookEndpoint, pk)
    return confirm_action(
        endpoint,
        webhooks.delete_endpoint,
        title=_("Delete the webhook endpoint %(url)s?", url=endpoint.url),
        done=_("Webhook endpoint deleted."),
        next_url=url_for("admin.webhooks_list"),
        cancel_url=url_for("admin.webhook_edit", pk=pk),
        consequences=[_("It is sent nothing more, and its deliveries are deleted.")],
    )


@bp.post("/webhooks/deliveries/<int:pk>/resend")
def webhook_resend(pk: int):
    """Send a delivery again soon, with the same ``webhook-id``."""
    require_admin()
    delivery = get_or_404(WebhookDelivery, pk)
    if ConfirmForm().validate_on_submit():
        webhooks.resend(delivery)
        db.session.commit()
        flash(_("The delivery will be sent again shortly."), "success")
    return redirect(url_for("admin.webhooks_list", page=request.args.get("page")))
