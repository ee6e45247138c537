"""What every admin page shows: navigation by permission, image URLs, the language."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.auth.permissions import (
    EMPLOYER,
    LINK,
    MEDIA,
    META,
    PORTFOLIO,
    TAG,
    user_may,
)
from portfolio_admin.i18n import number
from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage

# (endpoint, label, resource): a user sees an entry only with the resource's list code;
# entries without a resource are for admins.
NAVIGATION = (
    ("admin.portfolios_list", _l("Portfolios"), PORTFOLIO),
    ("admin.employers_list", _l("Employers"), EMPLOYER),
    ("admin.tags_list", _l("Tags"), TAG),
    ("admin.media_list", _l("Media library"), MEDIA),
    ("admin.users_list", _l("Users"), None),
    ("admin.roles_list", _l("Roles"), None),
    ("admin.activity_log", _l("Activity"), None),
    ("admin.webhooks_list", _l("Webhooks"), None),
)

MEDIA_TYPE_LABELS = {
    "image": _l("image"),
    "video": _l("video"),
    "audio": _l("audio"),
    "document": _l("document"),
    "file": _l("file"),
}

# What the scripts say, in the page's language: read by admin.js from a JSON data island
# (not executed, so the Content-Security-Policy allows it). ``%(name)s`` is filled in there.
SCRIPT_STRINGS = {
    "added": _l("Added: %(name)s"),
    "nothingFound": _l("Nothing found."),
    "nothingChosen": _l("Nothing chosen"),
    "libraryFailed": _l("The library could not be loaded."),
    "uploading": _l("Uploading %(name)s…"),
    "uploaded": _l("Uploaded"),
    "waiting": _l("Waiting…"),
    "uploadingFiles": _l("Uploading %(count)s files…"),
    "addedFiles": _l("Added to the gallery: %(count)s files."),
    "uploadedChoose": _l("%(count)s files uploaded: choose one below."),
    "uploadFailed": _l("Upload failed (error %(status)s)."),
    "tooLarge": _l("%(size)s MB is over the %(limit)s MB limit."),
    "connectionFailed": _l("The connection failed."),
    "useIt": _l("Use it"),
    "uploadAnyway": _l("Upload anyway"),
    "usingExisting": _l("Using “%(name)s”, already in the library"),
    "noAltText": _l("No alt text"),
    "describe": _l("Alt text and caption"),
    "altText": _l("Alt text"),
    "caption": _l("Caption"),
    "save": _l("Save"),
    "saved": _l("Saved."),
    "saveFailed": _l("Not saved (error %(status)s)."),
    "position": _l("%(name)s: position %(position)s"),
    "orderFailed": _l("The order could not be saved (error %(status)s). Reload the page."),
    "chosenTags": _l("Chosen tags"),
    "tagSuggestions": _l("Matching tags"),
    "tagHelp": _l("Type to find a tag; Enter adds it, Backspace removes the last one."),
    "tagHelpCreate": _l(
        "Type to find a tag, or a new name to create one; Enter adds it, Backspace removes "
        "the last one."
    ),
    "tagEarlier": _l("Move %(name)s earlier"),
    "tagLater": _l("Move %(name)s later"),
    "tagRemove": _l("Remove %(name)s"),
    "removed": _l("Removed: %(name)s"),
    "createTag": _l("Create the tag “%(name)s”"),
    "creatingTag": _l("Creating the tag “%(name)s”…"),
    "noTags": _l("No matching tags."),
    "tagFailed": _l("The tag could not be created (error %(status)s)."),
    "chooseDate": _l("Choose from the calendar"),
    "calendar": _l("Solar Hijri calendar"),
    "previousMonth": _l("Previous month"),
    "nextMonth": _l("Next month"),
}


def script_strings() -> dict[str, str]:
    """``SCRIPT_STRINGS`` translated, for the page's data island."""
    return {key: str(text) for key, text in SCRIPT_STRINGS.items()}


def navigation() -> list[tuple[str, str]]:
    """The navigation entries the signed-in user may open."""
    if not current_user.is_authenticated:
        return []
    return [
        (endpoint, label)
        for endpoint, label, resource in NAVIGATION
        if (user_may(current_user, resource.list) if resource else current_user.is_admin)
    ]


def can(code: int) -> bool:
    """Whether the signed-in user holds ``code`` (admins hold every code)."""
    return current_user.is_authenticated and user_may(current_user, code)


def file_url(path: str | None) -> str:
    """Where the browser fetches a stored file."""
    return get_storage().url(path) if path else ""


def thumbnail_url(media: MediaFile | None, size: int = 128) -> str:
    """The smallest thumbnail at least ``size`` pixels (else the largest, else the file)."""
    if media is None or not media.is_image:
        return ""
    thumbnails = sorted(media.thumbnails, key=lambda t: t.size)
    for thumbnail in thumbnails:
        if thumbnail.size >= size:
            return file_url(thumbnail.path)
    return file_url(thumbnails[-1].path if thumbnails else media.path)


def media_file(value) -> MediaFile | None:
    """The media file a form value names, for showing the current choice of a chooser."""
    try:
        return db.session.get(MediaFile, int(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def media_type_label(kind: str) -> str:
    """A media file's kind in the page's language: ``document`` -> ``سند``."""
    return str(MEDIA_TYPE_LABELS.get(kind, kind))


def human_size(size: int | None) -> str:
    """``2048`` -> ``2.0 KB`` (``۲٫۰ کیلوبایت`` in Persian)."""
    value = float(size or 0)
    units = (_("%(size)s B"), _("%(size)s KB"), _("%(size)s MB"), _("%(size)s GB"))
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return unit % {"size": number(value, "0" if unit == units[0] else "0.0")}
        value /= 1024
    return ""


@bp.app_context_processor
def admin_helpers() -> dict:
    return {
        "navigation": navigation,
        "can": can,
        "file_url": file_url,
        "thumbnail_url": thumbnail_url,
        "media_file": media_file,
        "human_size": human_size,
        "media_type_label": media_type_label,
        "script_strings": script_strings,
        "perm": {
            "PORTFOLIO": PORTFOLIO,
            "EMPLOYER": EMPLOYER,
            "TAG": TAG,
            "MEDIA": MEDIA,
            "LINK": LINK,
            "META": META,
        },
    }


def favicon():
    """``/favicon.ico``, which browsers ask for by themselves: the SVG icon pages link."""
    return current_app.send_static_file("favicon.svg")


@bp.record_once
def _add_favicon(state) -> None:
    state.app.add_url_rule("/favicon.ico", "favicon", favicon)
