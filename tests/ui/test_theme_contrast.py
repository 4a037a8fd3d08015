"""Both looks are legible: every text colour of the palette reads against the backgrounds
it is drawn on at WCAG AA (4.5:1), in the light and in the dark scheme, and the selection,
the focus ring and the edge of a check box stand out (3:1, as a control's outline must)."""

from __future__ import annotations

import pytest

from partnerdesk.ui import theme

TEXTS = ("text", "muted", "link", "danger", "warning", "ok", "info")
BACKGROUNDS = ("base", "window", "alternate")
PAIRS = [(fg, bg) for fg in TEXTS for bg in BACKGROUNDS] + [
    ("text", "button"),
    ("highlighted_text", "highlight"),
    ("neutral_fg", "neutral_bg"),
    ("warn_fg", "warn_bg"),
    ("info", "info_bg"),
    ("ok", "ok_bg"),
    ("chip_text", "chip_private"),
    ("chip_text", "chip_team"),
    ("chip_text", "chip_exec"),
]


def contrast(first: str, second: str, scheme: str) -> float:
    return theme.contrast(theme.colour(first, scheme), theme.colour(second, scheme))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_reads_at_aa(scheme, fg, bg):
    assert contrast(fg, bg, scheme) >= 4.5, f"{scheme}: {fg} on {bg}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_selection_the_focus_ring_and_control_edges_stand_out(scheme):
    assert contrast("highlight", "window", scheme) >= 3
    assert contrast("focus", "window", scheme) >= 3
    for background in BACKGROUNDS:  # a check box's or radio button's edge
        assert contrast("control_edge", background, scheme) >= 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_linters_flag_reads_on_the_page(qapp, scheme):
    from partnerdesk.ui.widgets.lint import flagged

    theme.apply(qapp, scheme)
    try:
        assert flagged() == theme.colour("warning", scheme)
        assert theme.contrast(flagged(), theme.colour("base", scheme)) >= 4.5
    finally:
        theme.apply(qapp, "light")
