"""Users, their roles and permissions, for administrators only: list, create, edit, set
a password, activate and deactivate. Their tokens are listed (and revocable) on their page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import SetPasswordForm, UserForm
from portfolio_admin.admin.helpers import (
    get_or_404,
    paginate,
    require_admin,
    search_term,
    write_form,
)
from portfolio_admin.admin.pages import confirm_action
from portfolio_admin.auth import session_rows, sessions
from portfolio_admin.auth.permissions import ALL_CODES, RESOURCES
from portfolio_admin.models import User
from portfolio_admin.models.base import utcnow
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services import roles, tokens, users
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.services.search import search

RESOURCE_LABELS = {
    "portfolio": _l("Portfolios"),
    "employer": _l("Employers"),
    "tag": _l("Tags"),
    "link": _l("Links"),
    "meta": _l("Meta entries"),
    "media": _l("Media files"),
}
ACTION_LABELS = {
    "list": _l("List"),
    "create": _l("Create"),
    "retrieve": _l("View"),
    "update": _l("Change"),
    "delete": _l("Delete"),
}


def permission_groups() -> list[dict]:
    """One checkbox group per resource, in the order of ``auth.permissions.RESOURCES``."""
    return [
        {
            "resource": resource,
            "label": RESOURCE_LABELS.get(resource.name, resource.label),
            "codes": [(code, ACTION_LABELS[action]) for action, code in resource.codes.items()],
        }
        for resource in RESOURCES
    ]


def ticked_codes(field) -> set[int]:
    """The codes ticked in ``field``; an unknown one is a ``ValidationError`` on it."""
    known = {str(code): code for code in ALL_CODES}
    codes = set()
    for value in field.data or []:
        if value not in known:
            message = _("Unknown permission code %(code)s.", code=value[:20])
            raise ValidationError({field.name: [message]})
        codes.add(known[value])
    return codes


def chosen_codes(form) -> set[int]:
    """The ticked codes, plus every code of each resource ticked as a whole."""
    whole = {resource.name: resource for resource in RESOURCES}
    codes = ticked_codes(form.permissions)
    for name in form.whole_resources.data or []:
        if name not in whole:
            raise ValidationError({"permissions": [_("Unknown resource %(name)s.", name=name)]})
        codes.update(whole[name].codes.values())
    return codes


def chosen_roles(form) -> set[int]:
    """The ids of the ticked roles."""
    ids = set()
    for value in form.roles.data or []:
        if not value.isdigit() or not 0 < int(value) <= MAX_ID:
            raise ValidationError({"roles": [_("This role no longer exists.")]})
        ids.add(int(value))
    return ids


def code_sources(user: User | None) -> dict[int, list[str]]:
    """``{code: [names of the user's roles that grant it]}``."""
    sources = {}
    for role in user.roles if user is not None else ():
        for code in sorted(role.permissions):
            sources.setdefault(code, []).append(role.name)
    return sources


def _user_values(form) -> dict:
    return {
        "username": form.username.data or "",
        "is_staff": bool(form.is_staff.data),
        "is_admin": bool(form.is_admin.data),
        "permissions": chosen_codes(form),
        "roles": chosen_roles(form),
    }


@bp.get("/users/")
def users_list():
    """Users by name, with search: status, role, how many codes, last sign-in."""
    require_admin()
    term = search_term()
    page = paginate(search(select(User), term, User).order_by(User.username))
    return render_template("admin/users/list.html", page=page, term=term)


@bp.route("/users/new", methods=["GET", "POST"])
def user_create():
    """A new user with a password, flags and permission codes."""
    require_admin()
    form = UserForm(is_staff=True)

    def create():
        values = _user_values(form)
        users.create_user(password=form.password.data or "", **values)

    if form.validate_on_submit() and write_form(form, create):
        user = users.get_user_by_username(form.username.data.strip())
        flash(_("User “%(name)s” added.", name=user.username), "success")
        return redirect(url_for("admin.user_edit", pk=user.id))
    return _form_page(form, None)


@bp.route("/users/<int:pk>/", methods=["GET", "POST"])
def user_edit(pk: int):
    """A user's flags and permission codes, their account actions and their tokens."""
    require_admin()
    user = get_or_404(User, pk)
    if request.method == "POST":
        form = UserForm()
    else:
        # Not ``obj=user``: WTForms would take ``user.permissions`` (roles' codes too)
        # and ``user.roles`` (objects) over these.
        form = UserForm(
            username=user.username,
            is_staff=user.is_staff,
            is_admin=user.is_admin,
            permissions=[str(code) for code in sorted(user.own_permissions)],
            roles=[str(role.id) for role in user.roles],
        )

    def update():
        users.update_user(user, _user_values(form), by=current_user)

    if form.validate_on_submit() and write_form(form, update):
        flash(_("User “%(name)s” saved.", name=user.username), "success")
        return redirect(url_for("admin.user_edit", pk=user.id))
    return _form_page(form, user)


def _form_page(form, user: User | None):
    failed = bool(form.errors or form.form_errors)
    page = render_template(
        "admin/users/form.html",
        form=form,
        user=user,
        groups=permission_groups(),
        chosen=set(form.permissions.data or []),
        whole={name for name in form.whole_resources.data or []},
        roles=roles.list_roles(),
        chosen_roles=set(form.roles.data or []),
        sources=code_sources(user),
        tokens=tokens.list_tokens(user) if user is not None else [],
        sessions=session_rows.list_sessions(user) if user is not None else [],
        current_session=sessions.current_session_id(),
        now=utcnow(),
    )
    return page, 400 if failed else 200


@bp.route("/users/<int:pk>/password", methods=["GET", "POST"])
def user_password(pk: int):
    """An administrator sets a user's password: their sessions end (but for this one,
    when it is their own, which goes on with a new key)."""
    require_admin()
    user = get_or_404(User, pk)
    form = SetPasswordForm()
    keep = sessions.own_session(user)

    def change():
        users.set_password(user, form.password.data or "", keep_session=keep)
        if keep is not None:
            sessions.renew_key()

    if form.validate_on_submit() and write_form(form, change):
        flash(_("Password of “%(name)s” changed.", name=user.username), "success")
        return redirect(url_for("admin.user_edit", pk=user.id))
    status = 400 if form.errors else 200
    return render_template("admin/users/password.html", form=form, user=user), status


@bp.route("/users/<int:pk>/deactivate", methods=["GET", "POST"])
def user_deactivate(pk: int):
    """Deactivate after confirmation: their sessions end and their tokens stop at once."""
    return _activation_page(
        pk,
        active=False,
        title=_("Deactivate “%(name)s”?"),
        done=_("User “%(name)s” deactivated."),
        consequences=[
            _("They are signed out everywhere and cannot sign in."),
            _("Their API tokens stop working at once."),
            _("You can activate the account again later."),
        ],
        button=_("Yes, deactivate"),
    )


@bp.route("/users/<int:pk>/activate", methods=["GET", "POST"])
def user_activate(pk: int):
    """Activate after confirmation: they may sign in again and their tokens work again."""
    return _activation_page(
        pk,
        active=True,
        title=_("Activate “%(name)s”?"),
        done=_("User “%(name)s” activated."),
        consequences=[_("They may sign in again, and their unrevoked tokens work again.")],
        button=_("Yes, activate"),
    )


def _activation_page(pk: int, *, active: bool, title: str, done: str, consequences, button):
    require_admin()
    user = get_or_404(User, pk)
    back = url_for("admin.user_edit", pk=pk)
    return confirm_action(
        user,
        lambda u: users.set_active(u, active, by=current_user),
        title=title % {"name": user.username},
        done=done % {"name": user.username},
        next_url=back,
        cancel_url=back,
        consequences=consequences,
        template="admin/users/confirm.html",
        button=button,
        danger=not active,
    )
