"""WTForms for rendering and CSRF only: every field's rules live in ``schemas/``.

A view turns a form into a plain dict (``form_data``), validates it with the resource's
pydantic schema (``validate``) and shows the schema's or the service's messages beside
their fields, in the page's language (``show_errors``). The one rule every form checks
itself is the one every text obeys: no control characters (``AdminForm``).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Optional

from portfolio_admin.admin.messages import translate, translate_all
from portfolio_admin.i18n import ascii_digits
from portfolio_admin.schemas.common import NON_FIELD, error_messages
from portfolio_admin.text import control_character_problem


class AdminForm(FlaskForm):
    """Base of every admin form: a field sent with control characters (which the database
    could not store, or could not search for) shows why beside it, and the form is invalid.

    Forms the views validate with a schema would be refused there too; checking here as
    well covers the forms that have none, such as signing in.
    """

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _refuse_control_characters(self) and valid


def _refuse_control_characters(form) -> bool:
    """Put the message beside each field sent with control characters; ``False`` if any."""
    valid = True
    for field in _leaves(form):
        sent = (value for value in field.raw_data or [] if isinstance(value, str))
        problem = next(filter(None, map(control_character_problem, sent)), None)
        if problem:
            field.errors = [*field.errors, translate(problem)]
            valid = False
    return valid


def _leaves(fields):
    """The fields that hold values, inline rows' fields included."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaves(field)
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


class LoginForm(AdminForm):
    username = StringField(_l("Username"))
    password = PasswordField(_l("Password"))
    remember = BooleanField(_l("Keep me signed in on this device"))


class SecondFactorForm(AdminForm):
    """The second sign-in step: a code from the app, or a recovery code."""

    code = StringField(_l("Code"))
    remember_browser = BooleanField(_l("Remember this browser for 30 days"))


class TotpCodeForm(AdminForm):
    """A current code from the authenticator app (to turn TOTP on or off)."""

    code = StringField(_l("Code from your app"))


class ConfirmForm(AdminForm):
    """A button and a CSRF token: sign-out, deletions, bulk actions."""


class EmployerForm(AdminForm):
    name = StringField(_l("Name"))
    image = HiddenField(_l("Image"))
    description = TextAreaField(_l("Description"))


class TagForm(AdminForm):
    name = StringField(_l("Name"))
    image = HiddenField(_l("Image"))


class MediaForm(AdminForm):
    name = StringField(_l("Name"))
    alt = StringField(_l("Alt text"))
    caption = TextAreaField(_l("Caption"))


class LinkRow(Form):
    """One link edited inline on its portfolio; ``id`` is empty for a new one."""

    id = HiddenField()
    name = StringField(_l("Name"))
    url = StringField(_l("URL"))
    image = HiddenField(_l("Image"))
    description = TextAreaField(_l("Description"))
    delete = BooleanField(_l("Remove"))


class MetaRow(Form):
    """One meta entry edited inline on its portfolio; the value is text, a file, or both."""

    id = HiddenField()
    key = StringField(_l("Key"))
    value_text = TextAreaField(_l("Text value"))
    value_file = HiddenField(_l("File value"))
    delete = BooleanField(_l("Remove"))


class PortfolioForm(AdminForm):
    title = StringField(_l("Title"))
    slug = StringField(_l("Slug"))
    excerpt = TextAreaField(_l("Excerpt"))
    description = TextAreaField(_l("Description"))
    order = StringField(_l("Display order"), default="0", filters=[ascii_digits])
    is_active = BooleanField(_l("Active (shown on the public site)"), default=True)
    completed_at = StringField(_l("Completed on"), filters=[ascii_digits])
    image = HiddenField(_l("Cover image"))
    images = SelectMultipleField(_l("Gallery"), coerce=str, validate_choice=False)
    employer = SelectField(_l("Employer"), validate_choice=False)
    tags = SelectMultipleField(_l("Tags"), coerce=str, validate_choice=False)
    # Sent by the token field (``tag_field.js``): ``tags`` come in the order chosen.
    tags_ordered = HiddenField()
    links = FieldList(FormField(LinkRow))
    meta_entries = FieldList(FormField(MetaRow))


class UserForm(AdminForm):
    """A user's account; the permission checkboxes are drawn from ``auth.permissions``."""

    username = StringField(_l("Username"))
    password = PasswordField(_l("Password"))  # only when creating
    is_staff = BooleanField(_l("Staff: may sign in and use the API with the codes below"))
    is_admin = BooleanField(_l("Administrator: may do everything, including managing users"))
    permissions = SelectMultipleField(_l("Permissions"), coerce=str, validate_choice=False)
    whole_resources = SelectMultipleField(coerce=str, validate_choice=False)
    roles = SelectMultipleField(_l("Roles"), coerce=str, validate_choice=False)


class RoleForm(AdminForm):
    """A role: a name and the permission checkboxes of the user form."""

    name = StringField(_l("Name"))
    permissions = SelectMultipleField(_l("Permissions"), coerce=str, validate_choice=False)
    whole_resources = SelectMultipleField(coerce=str, validate_choice=False)


class SetPasswordForm(AdminForm):
    password = PasswordField(_l("New password"))


class ChangePasswordForm(AdminForm):
    current_password = PasswordField(_l("Current password"))
    password = PasswordField(_l("New password"))


class TokenForm(AdminForm):
    name = StringField(_l("Name"))
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    scope = SelectMultipleField(_l("Limited to"), coerce=str, validate_choice=False)


class ScheduleForm(AdminForm):
    """When to publish a portfolio's draft and when to make it inactive: a day (in the
    page's calendar) and a time, both in the staff's time zone."""

    publish_on = DateField(_l("Date"), validators=[Optional()])
    publish_time = TimeField(_l("Time"), validators=[Optional()])
    unpublish_on = DateField(_l("Date"), validators=[Optional()])
    unpublish_time = TimeField(_l("Time"), validators=[Optional()])


class WebhookForm(AdminForm):
    url = StringField(_l("URL"))
    events = SelectMultipleField(_l("Events"), coerce=str, validate_choice=False)
    is_active = BooleanField(_l("Active: send it events"))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def form_data(form, names) -> dict:
    """The named fields' values, as the form sent them."""
    return {name: form[name].data for name in names}


def _optional_blanks_as_none(schema: type[BaseModel], data: dict) -> dict:
    """An empty optional field means "none"; an empty required one stays empty, so the
    schema says it may not be blank, and so does one whose unset value is text (alt)."""
    fields = schema.model_fields

    def means_none(name: str) -> bool:
        field = fields.get(name)
        return field is not None and not field.is_required() and not isinstance(field.default, str)

    return {
        name: None if is_blank(value) and means_none(name) else value
        for name, value in data.items()
    }


def validate(schema: type[BaseModel], data: dict, form) -> dict | None:
    """``data`` checked by ``schema``: the clean values, or ``None`` with errors on ``form``."""
    try:
        return schema.model_validate(_optional_blanks_as_none(schema, data)).model_dump()
    except PydanticValidationError as exc:
        show_errors(form, error_messages(exc))
        return None


def show_errors(form, errors: dict[str, list[str]]) -> None:
    """Put each message beside its field; messages of unknown fields go above the form."""
    for name, messages in translate_all(errors).items():
        field = form._fields.get(name) if name != NON_FIELD else None
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


def has_errors(form) -> bool:
    """Whether ``form`` or any inline row shows an error."""
    return bool(form.form_errors) or any(_field_has_errors(field) for field in form)


def _field_has_errors(field) -> bool:
    if isinstance(field, FieldList):
        return any(_field_has_errors(entry) for entry in field)
    if isinstance(field, FormField):
        return bool(field.form.form_errors) or any(_field_has_errors(sub) for sub in field.form)
    return bool(field.errors)
