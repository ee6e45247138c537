"""Two revisions of a portfolio side by side, field by field, by names rather than ids;
long text as a word diff."""

import difflib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portfolio_admin.i18n import join_list, local_date, number

LONG_TEXT = ("excerpt", "description")


def _names(items: list[dict], key: str = "name") -> str:
    return join_list(item[key] for item in items)


def _link(link: dict) -> str:
    return " — ".join(part for part in (link["name"], link["url"], link["description"]) if part)


def _meta(entry: dict) -> str:
    value = entry["value_text"] or ""
    if entry["value_file"]:
        value = f"{value} [{entry['value_file']['name']}]".strip()
    return f"{entry['key']}: {value}"


FIELDS = (
    ("title", _l("Title"), lambda d: d["title"]),
    ("slug", _l("Slug"), lambda d: d["slug"]),
    ("excerpt", _l("Excerpt"), lambda d: d["excerpt"]),
    ("description", _l("Description"), lambda d: d["description"] or ""),
    ("is_active", _l("Active"), lambda d: _l("Yes") if d["is_active"] else _l("No")),
    ("order", _l("Display order"), lambda d: number(d["order"])),
    ("completed_at", _l("Completed"), lambda d: local_date(d["completed_at"])),
    ("image", _l("Image"), lambda d: d["image_data"]["name"] if d["image_data"] else ""),
    ("employer", _l("Employer"), lambda d: (d["employer_data"] or {}).get("name", "")),
    ("tags", _l("Tags"), lambda d: _names(d["tags_data"])),
    ("images", _l("Gallery"), lambda d: _names(d["images_data"])),
    ("links", _l("Links"), lambda d: "\n".join(_link(k) for k in d["links_data"])),
    ("meta", _l("Meta entries"), lambda d: "\n".join(_meta(m) for m in d["meta"])),
)


SUMMARY_WORDS = {"created": _l("created"), "saved": _l("saved")}


def summary_text(summary: str) -> str:
    """A revision's summary (``"title, images"``, its API form) in the page's words:
    each field by its label (``Title، Gallery``)."""
    labels = {name: label for name, label, _show in FIELDS} | SUMMARY_WORDS
    return join_list(labels.get(name, name) for name in summary.split(", ") if name)


@dataclass
class FieldComparison:
    """One field's value in each revision; ``words`` is a word diff of long text."""

    name: str
    label: str
    old: str
    new: str
    words: list[tuple[str, str]] | None = None

    @property
    def changed(self) -> bool:
        return self.old != self.new


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pieces: ``"same"``, ``"removed"`` or ``"added"`` runs of words."""
    a, b = old.split(), new.split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(b[j1:j2])))
    return pieces


def compare(old: dict, new: dict) -> list[FieldComparison]:
    """Every field of two revisions' data, in the form's order."""
    rows = []
    for name, label, show in FIELDS:
        row = FieldComparison(name, label, str(show(old)), str(show(new)))
        if name in LONG_TEXT and row.changed:
            row.words = word_diff(row.old, row.new)
        rows.append(row)
    return rows
