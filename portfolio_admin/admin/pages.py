"""The page flows several resources share: a form page that saves through a schema and
a service, and a confirmation page before deleting."""

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for

from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.admin.helpers import get_or_404, require, save_form
from portfolio_admin.auth.permissions import Resource
from portfolio_admin.models.base import db
from portfolio_admin.services.errors import ValidationError


def confirm_delete(obj, delete, **page):
    """Ask first (GET); delete ``obj`` with the ``delete`` service and commit (POST)."""
    return confirm_action(obj, delete, **page)


def confirm_action(obj, action, *, title, done, next_url, cancel_url, consequences=(), **page):
    """Ask first (GET); run the ``action`` service on ``obj`` and commit (POST).

    A service's refusal (``ValidationError``) is flashed and nothing is saved.
    """
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            action(obj)
        except ValidationError as exc:
            db.session.rollback()
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "error")
            return redirect(cancel_url)
        db.session.commit()
        flash(done, "success")
        return redirect(next_url)
    template = page.pop("template", "admin/confirm_delete.html")
    return render_template(
        template,
        form=form,
        title=title,
        consequences=list(consequences),
        cancel_url=cancel_url,
        **page,
    )


@dataclass(frozen=True)
class NamedPages:
    """Create, edit and delete pages of a resource that has a unique ``name``
    (employers, tags): its model, form, schema, services and permission codes."""

    name: str  # "employer": endpoints admin.employer_*, templates admin/employers/
    model: type
    form: type
    schema: type
    fields: tuple[str, ...]
    permissions: Resource
    create: object
    update: object
    delete: object

    @property
    def list_url(self) -> str:
        return url_for(f"admin.{self.name}s_list")

    def _form_page(self, form, obj):
        return render_template(f"admin/{self.name}s/form.html", form=form, **{self.name: obj})

    def create_page(self, added: str):
        """The empty form; a valid post creates the row (``added`` names it in the flash)."""
        require(self.permissions.create)
        form = self.form()
        if form.validate_on_submit() and save_form(form, self.schema, self.fields, self.create):
            flash(added % {"name": form.name.data.strip()}, "success")
            return redirect(self.list_url)
        return self._form_page(form, None)

    def edit_page(self, pk: int, saved: str):
        """The row's form: viewing needs the retrieve code, saving the update code."""
        require(self.permissions.retrieve)
        obj = get_or_404(self.model, pk)
        form = self.form(obj=obj, image=obj.image_id)
        if form.is_submitted():
            require(self.permissions.update)
            if form.validate_on_submit() and save_form(
                form, self.schema, self.fields, lambda data: self.update(obj, data)
            ):
                flash(saved % {"name": obj.name}, "success")
                return redirect(self.list_url)
        return self._form_page(form, obj)

    def delete_page(self, pk: int, *, title: str, done: str, consequences=()):
        """Confirm, then delete the row (``title`` and ``done`` name it)."""
        require(self.permissions.delete)
        obj = get_or_404(self.model, pk)
        return confirm_delete(
            obj,
            self.delete,
            title=title % {"name": obj.name},
            done=done % {"name": obj.name},
            next_url=self.list_url,
            cancel_url=url_for(f"admin.{self.name}_edit", pk=pk),
            consequences=consequences,
        )
