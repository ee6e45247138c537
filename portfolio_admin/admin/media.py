"""The media library: a grid with search and type filter, uploads, details, and the
JSON endpoints behind the image chooser and the drag-and-drop uploader."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import MediaForm
from portfolio_admin.admin.helpers import (
    get_or_404,
    paginate,
    require,
    save_form,
    search_term,
)
from portfolio_admin.admin.layout import (
    can,
    file_url,
    human_size,
    media_type_label,
    thumbnail_url,
)
from portfolio_admin.admin.messages import translate, translate_all
from portfolio_admin.admin.pages import confirm_delete
from portfolio_admin.auth.permissions import MEDIA
from portfolio_admin.i18n import ascii_digits, local_date
from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.models.media import MEDIA_TYPES
from portfolio_admin.schemas.common import error_messages, partial, sent_fields
from portfolio_admin.schemas.media import MediaInput
from portfolio_admin.services import media as media_service
from portfolio_admin.services.errors import TooLarge, ValidationError
from portfolio_admin.services.media_usage import media_usage
from portfolio_admin.services.search import search

GRID_PAGE_SIZE = 36
CHOOSER_PAGE_SIZE = 24


def _library_query():
    """Media files matching the ``q`` and ``type`` arguments, newest first."""
    kind = request.args.get("type") or ""
    stmt = select(MediaFile).options(selectinload(MediaFile.thumbnails))
    stmt = search(stmt, search_term(), MediaFile)
    if kind in MEDIA_TYPES:
        stmt = stmt.where(MediaFile.type == kind)
    return stmt.order_by(MediaFile.created_at.desc(), MediaFile.id.desc()), kind


def chooser_item(media: MediaFile) -> dict:
    """What the chooser and the uploader need to show one file."""
    return {
        "id": media.id,
        "name": media.name,
        "type": media.type,
        "type_label": media_type_label(media.type),
        "thumbnail": thumbnail_url(media, 128),
        "url": file_url(media.path),
        # The file's page, for users who may open it (else null: no link that answers 403).
        "detail_url": url_for("admin.media_detail", pk=media.id) if can(MEDIA.retrieve) else None,
        "size_label": human_size(media.size),
        "date_label": local_date(media.created_at),
        "alt": media.alt,
        "caption": media.caption,
        "text_url": url_for("admin.media_text", pk=media.id)
        if media.is_image and can(MEDIA.update)
        else None,
    }


@bp.get("/media/")
def media_list():
    """The library as a grid of thumbnails, with search, type filter and uploads."""
    require(MEDIA.list)
    stmt, kind = _library_query()
    page = paginate(stmt, GRID_PAGE_SIZE)
    return render_template(
        "admin/media/list.html", page=page, term=search_term(), kind=kind, kinds=MEDIA_TYPES
    )


@bp.get("/media/choose.json")
def media_choose():
    """One page of the library as JSON, for the chooser: ``q``, ``type``, ``page``."""
    require(MEDIA.list)
    stmt, _kind = _library_query()
    page = paginate(stmt, CHOOSER_PAGE_SIZE)
    return jsonify(
        results=[chooser_item(media) for media in page.items],
        page=page.page,
        has_next=page.has_next,
    )


@bp.post("/media/upload")
def media_upload():
    """Store one uploaded file (field ``file``; ``kind=image``: only an image, as the
    image chooser sends); JSON answer: the file, or its errors. A file the library
    already holds is not stored: the answer (409) names the one stored, unless
    ``duplicate=upload`` asks to store it anyway."""
    require(MEDIA.create)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(errors={"file": [_("Choose a file to upload.")]}), 400
    if request.form.get("duplicate") != "upload":
        existing = media_service.duplicate_of(upload.stream)
        if existing is not None:
            # Nothing stored yet: the page asks whether to use that file or upload anyway.
            message = _(
                "“%(file)s” is already in the library as “%(name)s”.",
                file=upload.filename,
                name=existing.name,
            )
            return jsonify(duplicate=chooser_item(existing), message=message), 409
    try:
        media = media_service.store_upload(
            upload.stream,
            upload.filename,
            content_type=upload.mimetype,
            images_only=request.form.get("kind") == "image",
        )
    except ValidationError as exc:
        db.session.rollback()
        messages = [m for values in translate_all(exc.errors).values() for m in values]
        return jsonify(errors={"file": messages}), 400
    except TooLarge as exc:
        db.session.rollback()
        return jsonify(errors={"file": [translate(str(exc))]}), 413
    db.session.commit()
    return jsonify(chooser_item(media)), 201


@bp.route("/media/<int:pk>/", methods=["GET", "POST"])
def media_detail(pk: int):
    """A file with its thumbnails, sizes and dimensions, where it is used; rename it and,
    for an image, set its alt text and caption."""
    require(MEDIA.retrieve)
    media = get_or_404(MediaFile, pk)
    form = MediaForm(obj=media)
    if form.is_submitted():
        require(MEDIA.update)

        names = ("name", "alt", "caption") if media.is_image else ("name",)

        def write(data):
            # Only what the form shows: the focal point, set elsewhere, stays.
            media_service.update_media(media, {name: data[name] for name in names})

        if form.validate_on_submit() and save_form(form, MediaInput, names, write):
            flash(_("“%(name)s” saved.", name=media.name), "success")
            return redirect(url_for("admin.media_detail", pk=pk))
    return _detail_page(media, form)


def _detail_page(media: MediaFile, form: MediaForm, replace_errors=(), status: int = 200):
    page = render_template(
        "admin/media/detail.html",
        media=media,
        form=form,
        usage=media_usage(media),
        replace_errors=replace_errors,
    )
    return page, status


@bp.post("/media/<int:pk>/text")
def media_text(pk: int):
    """Set an image's alt text and caption from the chooser (JSON ``alt``, ``caption``);
    JSON answer: the file as the chooser shows it, or the errors by field (400)."""
    require(MEDIA.update)
    media = get_or_404(MediaFile, pk)
    if not media.is_image:
        abort(404)
    body = request.get_json(silent=True)
    sent = (
        {key: body[key] for key in ("alt", "caption") if key in body}
        if isinstance(body, dict)
        else {}
    )
    if sent.get("caption") == "":
        sent["caption"] = None  # an emptied caption is no caption
    try:
        data = sent_fields(partial(MediaInput).model_validate(sent))
        media_service.update_media(media, data)
    except PydanticValidationError as exc:
        return jsonify(errors=translate_all(error_messages(exc))), 400
    except ValidationError as exc:
        db.session.rollback()
        return jsonify(errors=translate_all(exc.errors)), 400
    db.session.commit()
    return jsonify(chooser_item(media))


@bp.post("/media/<int:pk>/replace")
def media_replace(pk: int):
    """Put an uploaded file (field ``file``) in the place of this one's, keeping where it is
    used; the page again with the errors when the file cannot be used."""
    require(MEDIA.update)
    media = get_or_404(MediaFile, pk)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ValidationError({"file": [_("Choose a file to upload.")]})
        media_service.replace_file(media, upload.stream, upload.filename, upload.mimetype)
    except (ValidationError, TooLarge) as exc:
        db.session.rollback()
        errors = exc.errors if isinstance(exc, ValidationError) else {"f": [str(exc)]}
        messages = [m for values in translate_all(errors).values() for m in values]
        media = get_or_404(MediaFile, pk)
        status = 413 if isinstance(exc, TooLarge) else 400
        return _detail_page(media, MediaForm(obj=media), messages, status)
    db.session.commit()
    flash(_("The file of “%(name)s” was replaced.", name=media.name), "success")
    return redirect(url_for("admin.media_detail", pk=pk))


def _share(value: str | None) -> float | None:
    """A percentage typed in the focal point picker (Persian digits too) as a share, 0 to 1."""
    try:
        percent = float(ascii_digits((value or "").strip()).replace("٫", "."))
    except ValueError:
        return None
    return percent / 100 if 0 <= percent <= 100 else None


@bp.post("/media/<int:pk>/focal-point")
def media_focal_point(pk: int):
    """Set an image's focal point from the picker (``x`` and ``y`` in percent from the top
    left), or clear it (``clear``); crops are cut anew around it."""
    require(MEDIA.update)
    media = get_or_404(MediaFile, pk)
    if not media.is_image:
        abort(404)
    point = None
    if "clear" not in request.form:
        x, y = _share(request.form.get("x")), _share(request.form.get("y"))
        if x is None or y is None:
            flash(_("Enter the focal point as two numbers from 0 to 100."), "error")
            return redirect(url_for("admin.media_detail", pk=pk))
        point = {"x": x, "y": y}
    media_service.update_media(media, {"focal_point": point})
    db.session.commit()
    flash(_("Focal point of “%(name)s” saved.", name=media.name), "success")
    return redirect(url_for("admin.media_detail", pk=pk))


@bp.route("/media/<int:pk>/delete", methods=["GET", "POST"])
def media_delete(pk: int):
    """Delete a file after a confirmation that lists where it is used."""
    require(MEDIA.delete)
    media = get_or_404(MediaFile, pk)
    return confirm_delete(
        media,
        media_service.delete_media,
        title=_("Delete “%(name)s”?", name=media.name),
        done=_("File “%(name)s” deleted.", name=media.name),
        next_url=url_for("admin.media_list"),
        cancel_url=url_for("admin.media_detail", pk=pk),
        template="admin/media/confirm_delete.html",
        media=media,
        usage=media_usage(media),
    )
