"""``/api/media/``: the media library (upload, list, retrieve, rename, replace the file,
delete)."""

from flask import request
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portfolio_admin.api import listing
from portfolio_admin.api.conditional import require_match
from portfolio_admin.api.routing import operation, validate
from portfolio_admin.api.serializers import media_data
from portfolio_admin.auth.permissions import MEDIA
from portfolio_admin.json_responses import ApiError, json_response, not_found
from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.schemas.media import (
    MediaFileInput,
    MediaInput,
    MediaListQuery,
    MediaOutput,
    MediaPage,
    MediaUploadInput,
    MediaUploadQuery,
)
from portfolio_admin.services import media as service
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.services.search import search

COLLECTION = "/media/"
ITEM = "/media/<id:media_id>"
ORDERING = {
    "id": MediaFile.id,
    "name": MediaFile.name,
    "size": MediaFile.size,
    "type": MediaFile.type,
    "created_at": MediaFile.created_at,
    "updated_at": MediaFile.updated_at,
}


def _media_or_404(media_id: int) -> MediaFile:
    media = db.session.get(MediaFile, media_id)
    if media is None:
        raise not_found()
    return media


def _output(media_id: int, status: int = 200):
    data = media_data([media_id]).get(media_id)
    if data is None:
        raise not_found()
    return json_response(data, status)


def _require_match(media_id: int, *, for_delete: bool = False) -> None:
    """Honour ``If-Match`` (see ``api.conditional``)."""
    rows = [(MediaFile.__table__, media_id)]
    require_match(rows, lambda: _output(media_id), for_delete=for_delete)


def _uploaded_file() -> FileStorage:
    """The multipart upload's file, in field `f` (or `file`)."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, f'Unsupported media type "{request.content_type}" in request.')
    upload = request.files.get("f") or request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationError({"f": ["No file was submitted."]})
    return upload


@operation(COLLECTION, "GET", permission=MEDIA.list, query=MediaListQuery, response=MediaPage)
def list_media(query: MediaListQuery):
    """A page of media files, newest first; `?type=image` for images only."""
    stmt = select(MediaFile.id)
    if query.type:
        stmt = stmt.where(MediaFile.type == query.type)
    stmt = search(stmt, query.search, MediaFile)
    stmt = listing.order(stmt, query.ordering, ORDERING, [MediaFile.id.desc()])
    count, rows = listing.paginate(stmt, query.page, query.page_size)
    found = media_data(row.id for row in rows)
    results = [found[row.id] for row in rows]
    return json_response(listing.envelope(count, query.page, query.page_size, results))


@operation(
    COLLECTION,
    "POST",
    permission=MEDIA.create,
    status=201,
    also={200: (MediaOutput, "The identical file the library has (`?if_duplicate=reuse`).")},
    multipart=True,
    body=MediaUploadInput,
    query=MediaUploadQuery,
    response=MediaOutput,
    item=True,
)
def upload_media(query: MediaUploadQuery):
    """Upload a file as `multipart/form-data` in field `f` (or `file`), with an optional `name`;
    `?if_duplicate=reuse` answers 200 with an identical file the library already has."""
    upload = _uploaded_file()
    fields = validate(MediaUploadInput, request.form.to_dict(), only_sent=False)
    arguments = (upload.stream, upload.filename, fields["name"], upload.mimetype)
    if query.if_duplicate == "reuse":
        media, created = service.store_or_reuse(*arguments)
    else:
        media, created = service.store_upload(*arguments), True
    return _output(media.id, 201 if created else 200)


@operation(ITEM, "GET", permission=MEDIA.retrieve, response=MediaOutput, item=True)
def retrieve_media(media_id: int):
    """One media file."""
    return _output(media_id)


@operation(ITEM, "PATCH", permission=MEDIA.update, body=MediaInput, response=MediaOutput, item=True)
def update_media(media_id: int, data: dict):
    """Rename a media file."""
    _require_match(media_id)
    service.update_media(_media_or_404(media_id), data)
    return _output(media_id)


@operation(ITEM, "PUT", permission=MEDIA.update, body=MediaInput, response=MediaOutput, item=True)
def replace_media(media_id: int, data: dict):
    """Rename a media file (its only changeable field)."""
    _require_match(media_id)
    service.update_media(_media_or_404(media_id), data)
    return _output(media_id)


@operation(
    ITEM + "/file",  # as every item rule, without the slash (both are answered)
    "PUT",
    permission=MEDIA.update,
    multipart=True,
    body=MediaFileInput,
    response=MediaOutput,
    item=True,
)
def replace_media_file(media_id: int):
    """Replace the stored file (multipart field `f`) with one of the same kind, keeping the
    id and every reference; an image gets new thumbnails."""
    _require_match(media_id)
    media = _media_or_404(media_id)
    upload = _uploaded_file()
    service.replace_file(media, upload.stream, upload.filename, content_type=upload.mimetype)
    return _output(media_id)


@operation(ITEM, "DELETE", permission=MEDIA.delete, status=204, item=True)
def delete_media(media_id: int):
    """Delete a media file, its thumbnails, and every reference to it."""
    _require_match(media_id, for_delete=True)
    service.delete_media(_media_or_404(media_id))
    return json_response(None, 204)
