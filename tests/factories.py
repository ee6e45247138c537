"""Small functions that make rows for tests; each says what it makes."""

from portfolio_admin.models import Employer, MediaFile, Tag, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.services import tokens, users
from portfolio_admin.services.thumbnails import THUMBNAIL_SIZES


def make_user(username="staff", password="secret-pass", **kwargs):
    user = users.create_user(username, password, **kwargs)
    db.session.commit()
    return user


def make_token(user, name="test"):
    _, key = tokens.create_token(user, name)
    db.session.commit()
    return key


def auth_header(key: str) -> dict:
    return {"Authorization": f"Token {key}"}


def staff_with(*codes, username="staff"):
    """Authorization headers of a staff member holding exactly ``codes``."""
    return auth_header(make_token(make_user(username, is_staff=True, permissions=codes)))


def make_image(name="photo", path=None, width=225, height=225, mode="RGB", sizes=THUMBNAIL_SIZES):
    """An image row with thumbnail rows (no files: the API only reads the rows)."""
    path = path or f"core_media/2026/01/02/{name}.png"
    media = MediaFile(
        type="image", name=name, path=path, size=5123, width=width, height=height, mode=mode
    )
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for size in sizes:
        media.thumbnails.append(
            Thumbnail(
                size=size,
                path=f"core_media/2026/01/02/thumbnails/{stem}_thumbnail_{size}x{size}.png",
                width=min(size, width),
                height=min(size, height),
                file_size=100,
            )
        )
    db.session.add(media)
    db.session.commit()
    return media


def make_document(name="brief", path="core_media/2026/01/02/brief.pdf"):
    media = MediaFile(type="document", name=name, path=path, size=2048)
    db.session.add(media)
    db.session.commit()
    return media


def make_employer(name="MoeinWeb", **kwargs):
    employer = Employer(name=name, **kwargs)
    db.session.add(employer)
    db.session.commit()
    return employer


def make_tag(name="sites", **kwargs):
    tag = Tag(name=name, **kwargs)
    db.session.add(tag)
    db.session.commit()
    return tag


def make_portfolio(title="Wordpress site", slug=None, **kwargs):
    from portfolio_admin.services.portfolios import create_portfolio

    data = {"title": title, "slug": slug or title.lower().replace(" ", "-"), "excerpt": "short"}
    portfolio = create_portfolio(data | kwargs)
    db.session.commit()
    return portfolio
