"""The text rules every input obeys (``portfolio_admin.text``), without an app."""

import pytest

from portfolio_admin.text import (
    CONTROL_MESSAGE,
    NUL_MESSAGE,
    control_character_problem,
    normalise_name,
)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("plain", None),
        ("tab\tline\nreturn\r", None),
        ("سایت\u200cها", None),
        ("\x00", NUL_MESSAGE),
        ("a\x1bb\x00", NUL_MESSAGE),
        ("\x01", CONTROL_MESSAGE),
        ("bell\x07", CONTROL_MESSAGE),
        ("\x1f", CONTROL_MESSAGE),
    ],
)
def test_nul_and_c0_controls_but_tab_and_line_breaks_are_problems(value, problem):
    assert control_character_problem(value) == problem


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Cafe\u0301", "Caf\u00e9"),
        (" \u200bAcme\u200c\u200f\ufeff ", "Acme"),
        ("\u2067شرکت\u2069", "شرکت"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("كيك علي", "کیک علی"),
        ("a \u200b b", "a \u200b b"),
        ("\u200b", ""),
        ("\u3164\u2800", ""),
        ("\u0301", ""),
        ("", ""),
    ],
)
def test_names_are_composed_trimmed_of_invisible_ends_and_written_in_persian_letters(value, name):
    assert normalise_name(value) == name


def test_normalising_a_name_twice_changes_nothing_more():
    once = normalise_name("\u200b كافه\u0301 ")
    assert normalise_name(once) == once
