"""Edit conflicts on the portfolio form: a save over a newer version than the form was
opened at shows both versions field by field, by names (as ``revision_compare`` does), and
the re-sent form says per field whose value to keep.

Each differing field gets a choice, ``resolve-<field>`` = ``mine`` or ``theirs``
(``resolve_all`` chooses for every field). A field
only one side changed since the form was opened is preset to that side's value; a field
both changed is preset to the editor's own, so nothing typed is lost by default.
"""

from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portfolio_admin.admin.revision_compare import FIELDS
from portfolio_admin.models import Employer, Link, MediaFile, MetaEntry, PortfolioRevision, Tag
from portfolio_admin.models.base import db

MINE, THEIRS = "mine", "theirs"
# The compared fields sent under their own name, and the inline rows' prefixes.
FORM_KEYS = (
    "title",
    "slug",
    "excerpt",
    "description",
    "is_active",
    "order",
    "completed_at",
    "image",
    "employer",
    "tags",
    "images",
)
ROW_PREFIXES = {"links": "links", "meta": "meta_entries"}


class EditConflict(Exception):
    """Someone saved ``revision`` after the form was opened; ``yours`` is what this save
    would have made of the portfolio, shaped like a revision's data."""

    def __init__(self, revision: PortfolioRevision, yours: dict):
        super().__init__(revision.id)
        self.revision = revision
        self.yours = yours


@dataclass
class ConflictRow:
    """One field that differs: their value, yours, and which one is preset."""

    name: str
    label: str
    theirs: str
    yours: str
    choice: str
    both_changed: bool


def _named(model, pk):
    row = db.session.get(model, pk) if pk else None
    return {"id": pk, "name": row.name} if row is not None else None


def _names(model, ids: list[int]) -> list[dict]:
    found = dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
    return [{"id": pk, "name": found.get(pk, "")} for pk in ids]


def _link(values: dict) -> dict:
    return {
        "name": values["name"],
        "url": values["url"],
        "description": values["description"],
        "image_data": _named(MediaFile, values["image"]),
    }


def _meta(values: dict) -> dict:
    return {
        "key": values["key"],
        "value_text": values["value_text"],
        "value_file": _named(MediaFile, values["value_file"]),
    }


def _stored_and_new(portfolio, model, rows, shape) -> list[dict]:
    """What a save leaves of the inline rows: the stored ones as sent (as they are when the
    form did not send them; gone when ticked for deletion), then the rest as typed."""
    stored = list(
        db.session.scalars(
            select(model).where(model.portfolio_id == portfolio.id).order_by(model.id)
        )
    )
    sent = {row.pk: row for row in rows if row.pk is not None}
    result = []
    for item in stored:
        row = sent.get(item.id)
        if row is None:
            result.append(shape(_stored_values(item)))
        elif not row.delete:
            result.append(shape(row.data))
    kept = {item.id for item in stored}
    result += [shape(row.data) for row in rows if row.pk not in kept and not row.delete]
    return result


def _stored_values(item) -> dict:
    if isinstance(item, Link):
        return {
            "name": item.name,
            "url": item.url,
            "description": item.description,
            "image": item.image_id,
        }
    return {"key": item.key, "value_text": item.value_text, "value_file": item.value_file_id}


def yours_output(portfolio, data: dict, link_rows, meta_rows) -> dict:
    """What saving the form would make of the portfolio, shaped like a revision's data
    (names beside ids), for ``revision_compare.FIELDS`` to show."""
    completed = data.get("completed_at")
    return {
        "title": data["title"],
        "slug": data["slug"],
        "excerpt": data["excerpt"],
        "description": data["description"],
        "is_active": data["is_active"],
        "order": data["order"],
        "completed_at": completed.isoformat() if completed else None,
        "image_data": _named(MediaFile, data["image"]),
        "employer_data": _named(Employer, data["employer"]),
        "tags_data": _names(Tag, data["tags"]),
        "images_data": _names(MediaFile, data["images"]),
        "links_data": _stored_and_new(portfolio, Link, link_rows, _link),
        "meta": _stored_and_new(portfolio, MetaEntry, meta_rows, _meta),
    }


def conflict_rows(base: dict | None, yours: dict, theirs: dict) -> list[ConflictRow]:
    """The fields where ``yours`` and ``theirs`` differ, with the side preset for each.

    ``base`` is the data the form was opened at (``None`` when that revision is gone: then
    every difference is preset to yours)."""
    rows = []
    for name, label, show in FIELDS:
        mine, their = str(show(yours)), str(show(theirs))
        if mine == their:
            continue
        opened = str(show(base)) if base is not None else None
        only_theirs = opened is not None and opened == mine
        rows.append(
            ConflictRow(
                name=name,
                label=str(label),
                theirs=their,
                yours=mine,
                choice=THEIRS if only_theirs else MINE,
                both_changed=opened is None or (opened != mine and opened != their),
            )
        )
    return rows


def _flat_rows(prefix: str, rows: list[dict]) -> list[tuple[str, str]]:
    return [
        (f"{prefix}-{index}-{key}", "" if value is None else str(value))
        for index, row in enumerate(rows)
        for key, value in row.items()
    ]


def merged_formdata(formdata: MultiDict, theirs: dict) -> MultiDict:
    """The sent form with each field resolved as ``theirs`` replaced by the stored values
    (``theirs`` as ``portfolio_form.initial_data`` gives them). Rows of yours that were
    deleted meanwhile become new rows, so what was typed in them is saved."""
    merged = MultiDict(formdata)

    def choice(name: str) -> str | None:
        return formdata.get("resolve_all") or formdata.get(f"resolve-{name}")

    for name in FORM_KEYS:
        if choice(name) != THEIRS:
            continue
        merged.poplist(name)
        value = theirs[name]
        if isinstance(value, list):
            merged.setlist(name, value)
        elif value is True:
            merged[name] = "y"
        elif value is not False:
            merged[name] = "" if value is None else str(value)
    for name, prefix in ROW_PREFIXES.items():
        existing = {str(row["id"]) for row in theirs[prefix]}
        if choice(name) == THEIRS:
            for key in [key for key in merged if key.startswith(f"{prefix}-")]:
                merged.poplist(key)
            for key, value in _flat_rows(prefix, theirs[prefix]):
                merged[key] = value
            continue
        for key in [key for key in merged if key.startswith(prefix) and key.endswith("-id")]:
            if merged[key] and merged[key] not in existing:
                merged[key] = ""
    return merged
