"""Roles, for administrators: list, create, edit (name and codes) and delete. Members are
chosen on each user's page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import RoleForm
from portfolio_admin.admin.helpers import get_or_404, require_admin, write_form
from portfolio_admin.admin.pages import confirm_action
from portfolio_admin.admin.users import chosen_codes, permission_groups
from portfolio_admin.i18n import number
from portfolio_admin.models import Role
from portfolio_admin.services import roles


@bp.get("/roles/")
def roles_list():
    """Every role with how many users hold it and how many codes it grants."""
    require_admin()
    return render_template(
        "admin/roles/list.html", roles=roles.list_roles(), members=roles.member_counts()
    )


@bp.route("/roles/new", methods=["GET", "POST"])
def role_create():
    """A new role: a name and its codes."""
    require_admin()
    return _form_page(None)


@bp.route("/roles/<int:pk>/", methods=["GET", "POST"])
def role_edit(pk: int):
    """A role's name and codes; a change counts for every member at once."""
    require_admin()
    return _form_page(get_or_404(Role, pk))


def _form_page(role: Role | None):
    if request.method == "POST":
        form = RoleForm()
    elif role is not None:
        form = RoleForm(name=role.name, permissions=[str(c) for c in sorted(role.permissions)])
    else:
        form = RoleForm()
    saved = []

    def save():
        saved.append(roles.save_role(role, form.name.data or "", chosen_codes(form)))

    if form.validate_on_submit() and write_form(form, save):
        message = _("Role “%(name)s” saved.") if role else _("Role “%(name)s” added.")
        flash(message % {"name": saved[0].name}, "success")
        return redirect(url_for("admin.roles_list"))
    failed = bool(form.errors or form.form_errors)
    page = render_template(
        "admin/roles/form.html",
        form=form,
        role=role,
        groups=permission_groups(),
        chosen=set(form.permissions.data or []),
        whole=set(form.whole_resources.data or []),
        members=roles.member_counts().get(role.id, 0) if role else 0,
    )
    return page, 400 if failed else 200


@bp.route("/roles/<int:pk>/delete", methods=["GET", "POST"])
def role_delete(pk: int):
    """Delete after confirmation, saying how many users lose the role's codes."""
    require_admin()
    role = get_or_404(Role, pk)
    members = roles.member_counts().get(role.id, 0)
    back = url_for("admin.roles_list")
    return confirm_action(
        role,
        roles.delete_role,
        title=_("Delete the role “%(name)s”?", name=role.name),
        done=_("Role “%(name)s” deleted.", name=role.name),
        next_url=back,
        cancel_url=url_for("admin.role_edit", pk=pk),
        consequences=[
            ngettext(
                "%(count)s user loses the codes this role gives (their own codes stay).",
                "%(count)s users lose the codes this role gives (their own codes stay).",
                members,
                count=number(members),
            )
        ],
    )
