"""Both looks are legible: every text colour of the palette reads against the backgrounds
it is drawn on at WCAG AA (4.5:1), in the light and in the dark scheme, and the selection
stands out from the window (3:1, as a control's outline must)."""

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


def luminance(name: str, scheme: str) -> float:
    colour = theme.colour(name, scheme)
    channels = [colour.redF(), colour.greenF(), colour.blueF()]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str, scheme: str) -> float:
    light, dark = sorted((luminance(first, scheme), luminance(second, scheme)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_reads_at_aa(scheme, fg, bg):
    assert contrast(fg, bg, scheme) >= 4.5, f"{scheme}: {fg} on {bg}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_selection_and_the_focus_ring_stand_out_from_the_window(scheme):
    assert contrast("highlight", "window", scheme) >= 3
    assert contrast("focus", "window", scheme) >= 3
