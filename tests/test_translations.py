"""The catalogs: every message the code and templates use is in messages.pot, and every
one of them has a checked translation in every language (``make translations-update``
then the .po files say what is missing)."""

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "portfolio_admin" / "translations"
CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _msgids(catalog) -> set:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }


def test_there_is_a_persian_catalog():
    assert TRANSLATIONS / "fa" / "LC_MESSAGES" / "messages.po" in CATALOGS


def test_messages_pot_is_up_to_date_with_the_sources(tmp_path, monkeypatch):
    fresh = tmp_path / "messages.pot"
    monkeypatch.chdir(ROOT)
    # The same extraction as `make translations-update` (keywords: the defaults and _l).
    CommandLineInterface().run(
        ["pybabel", "--quiet", "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(fresh), "."]
    )
    committed, extracted = _msgids(_read(TRANSLATIONS / "messages.pot")), _msgids(_read(fresh))
    assert extracted - committed == set(), "new messages: run `make translations-update`"
    assert committed - extracted == set(), "messages gone: run `make translations-update`"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_message_has_a_checked_translation(path):
    catalog = _read(path)
    template = _msgids(_read(TRANSLATIONS / "messages.pot"))
    assert template - _msgids(catalog) == set(), "run `make translations-update`"
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (message.fuzzy or not all(message.string if message.pluralizable else [message.string]))
    ]
    assert untranslated == [], f"translate these in {path.relative_to(ROOT)}"
    problems = [(message.id, errors) for message in catalog if (errors := message.check(catalog))]
    assert problems == []
