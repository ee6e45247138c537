"""What every admin page shows: navigation by permission, image URLs, the language."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.auth.permissions import EMPLOYER, LINK, MEDIA, META, PORTFOLIO, TAG
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
    ("admin.activity_log", _l("Activity"), None),
)


def navigation() -> list[tuple[str, str]]:
    """The navigation entries the signed-in user may open."""
    if not current_user.is_authenticated:
        return []
    return [
        (endpoint, label)
        for endpoint, label, resource in NAVIGATION
        if (current_user.has_permission(resource.list) if resource else current_user.is_admin)
    ]


def can(code: int) -> bool:
    """Whether the signed-in user holds ``code`` (admins hold every code)."""
    return current_user.is_authenticated and current_user.has_permission(code)


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


def human_size(size: int | None) -> str:
    """``2048`` -> ``2.0 KB``."""
    value = float(size or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
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
        "perm": {
            "PORTFOLIO": PORTFOLIO,
            "EMPLOYER": EMPLOYER,
            "TAG": TAG,
            "MEDIA": MEDIA,
            "LINK": LINK,
            "META": META,
        },
    }
