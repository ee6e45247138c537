"""Tags: list, search, create, edit, delete; and create in place from the portfolio form."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import TagForm
from portfolio_admin.admin.helpers import paginate, require, search_term
from portfolio_admin.admin.messages import translate_all
from portfolio_admin.admin.pages import NamedPages
from portfolio_admin.auth.permissions import TAG
from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import error_messages
from portfolio_admin.schemas.tags import TagInput
from portfolio_admin.services import tags
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.services.search import search

PAGES = NamedPages(
    name="tag",
    model=Tag,
    form=TagForm,
    schema=TagInput,
    fields=("name", "image"),
    permissions=TAG,
    create=tags.create_tag,
    update=tags.update_tag,
    delete=tags.delete_tag,
)


@bp.get("/tags/")
def tags_list():
    """Tags by name, with search."""
    require(TAG.list)
    term = search_term()
    page = paginate(search(select(Tag), term, Tag).order_by(Tag.name))
    return render_template("admin/tags/list.html", page=page, term=term)


@bp.route("/tags/new", methods=["GET", "POST"])
def tag_create():
    """A new tag."""
    return PAGES.create_page(_("Tag “%(name)s” added."))


@bp.route("/tags/<int:pk>/", methods=["GET", "POST"])
def tag_edit(pk: int):
    """A tag's page: viewing needs the retrieve code, saving the update code."""
    return PAGES.edit_page(pk, _("Tag “%(name)s” saved."))


@bp.route("/tags/<int:pk>/delete", methods=["GET", "POST"])
def tag_delete(pk: int):
    """Delete a tag after confirmation; its portfolios stay, without the tag."""
    return PAGES.delete_page(
        pk,
        title=_("Delete tag “%(name)s”?"),
        done=_("Tag “%(name)s” deleted."),
        consequences=[_("Portfolios keep existing without this tag.")],
    )


@bp.post("/tags/create.json")
def tag_create_json():
    """A tag made from a name typed in the portfolio form's tag field (JSON ``{"name"}``),
    by the same schema and service as the tags page: ``{"id", "name"}`` (201), or
    ``{"errors": {"name": [...]}}`` in the page's language (400)."""
    require(TAG.create)
    body = request.get_json(silent=True)
    sent = {"name": body["name"]} if isinstance(body, dict) and "name" in body else {}
    try:
        data = TagInput.model_validate(sent).model_dump()
        tag = tags.create_tag(data)
    except PydanticValidationError as exc:
        return jsonify(errors=_on_name(error_messages(exc))), 400
    except ValidationError as exc:
        db.session.rollback()
        return jsonify(errors=_on_name(exc.errors)), 400
    db.session.commit()
    return jsonify(id=tag.id, name=tag.name), 201


def _on_name(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every message translated and put on ``name``, the one field the tag field shows."""
    return {
        "name": [message for messages in translate_all(errors).values() for message in messages]
    }
