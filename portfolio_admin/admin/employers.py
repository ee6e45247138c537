"""Employers: list, search, create, edit, delete."""

from flask import render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import EmployerForm
from portfolio_admin.admin.helpers import paginate, require, search_term
from portfolio_admin.admin.pages import NamedPages
from portfolio_admin.auth.permissions import EMPLOYER
from portfolio_admin.i18n import number
from portfolio_admin.models import Employer, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.schemas.employers import EmployerInput
from portfolio_admin.services import employers
from portfolio_admin.services.search import search

PAGES = NamedPages(
    name="employer",
    model=Employer,
    form=EmployerForm,
    schema=EmployerInput,
    fields=("name", "image", "description"),
    permissions=EMPLOYER,
    create=employers.create_employer,
    update=employers.update_employer,
    delete=employers.delete_employer,
)


@bp.get("/employers/")
def employers_list():
    """Employers by name, with search."""
    require(EMPLOYER.list)
    term = search_term()
    stmt = search(select(Employer), term, Employer)
    page = paginate(stmt.order_by(Employer.name))
    return render_template("admin/employers/list.html", page=page, term=term)


@bp.route("/employers/new", methods=["GET", "POST"])
def employer_create():
    """A new employer."""
    return PAGES.create_page(_("Employer “%(name)s” added."))


@bp.route("/employers/<int:pk>/", methods=["GET", "POST"])
def employer_edit(pk: int):
    """An employer's page: viewing needs the retrieve code, saving the update code."""
    return PAGES.edit_page(pk, _("Employer “%(name)s” saved."))


@bp.route("/employers/<int:pk>/delete", methods=["GET", "POST"])
def employer_delete(pk: int):
    """Delete an employer after confirmation; its portfolios stay, without an employer."""
    return PAGES.delete_page(
        pk,
        title=_("Delete employer “%(name)s”?"),
        done=_("Employer “%(name)s” deleted."),
        consequences=_delete_consequences(pk),
    )


def _delete_consequences(pk: int) -> list[str]:
    """What deleting employer ``pk`` does to portfolios: how many lose it."""
    count = db.session.scalar(select(func.count()).where(Portfolio.employer_id == pk))
    if not count:
        return [_("No portfolio has this employer.")]
    return [
        ngettext(
            "%(count)s portfolio will lose this employer.",
            "%(count)s portfolios will lose this employer.",
            count,
            count=number(count),
        ),
        _("Its portfolios stay, without an employer."),
    ]
