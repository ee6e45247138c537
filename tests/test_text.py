"""The text rules every input obeys (``portfolio_admin.text``), without an app."""

import pytest

from portfolio_admin.text import CONTROL_MESSAGE, NUL_MESSAGE, control_character_problem


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
