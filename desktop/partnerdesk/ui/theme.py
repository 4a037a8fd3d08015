"""Light, Dark or System: one palette (resources/styles/palette.json) for the whole app.

The palette's colours set Qt's palette roles (so ``palette(...)`` in the style sheet and
Fusion's drawing follow them) and fill the ``@name`` colours of ``app.qss``. Views that
colour table text ask :func:`colour` for a named colour of the current scheme; no widget
carries a colour of its own.
"""

from __future__ import annotations

import json
import re
from functools import cache

from partnerdesk.paths import resource_path
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

#: What Settings offers: stored value -> label.
APPEARANCES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
_TOKEN = re.compile(r"@([a-z_]+)")
_current = {"scheme": "light"}

_ROLES = {
    "window": ("Window",),
    "base": ("Base",),
    "alternate": ("AlternateBase", "ToolTipBase"),
    "text": ("WindowText", "Text", "ButtonText", "ToolTipText", "BrightText"),
    "muted": ("PlaceholderText",),
    "button": ("Button",),
    "mid": ("Mid",),
    "midlight": ("Midlight", "Light"),
    "dark": ("Dark", "Shadow"),
    "highlight": ("Highlight",),
    "highlighted_text": ("HighlightedText",),
    "link": ("Link", "LinkVisited"),
}


@cache
def _schemes() -> dict[str, dict[str, str]]:
    return json.loads(resource_path("styles", "palette.json").read_text("utf-8"))


def scheme_for(appearance: str) -> str:
    """ "light" or "dark" for a stored appearance ("system" asks the desktop)."""
    if appearance in ("light", "dark"):
        return appearance
    hints = QtGui.QGuiApplication.styleHints()
    dark = hints is not None and hints.colorScheme() == QtCore.Qt.ColorScheme.Dark
    return "dark" if dark else "light"


def colour(name: str, scheme: str | None = None) -> QtGui.QColor:
    """A named colour (e.g. "danger", "warning", "muted") of ``scheme``, by default the
    one in use."""
    return QtGui.QColor(_schemes()[scheme or _current["scheme"]][name])


def contrast(first: QtGui.QColor, second: QtGui.QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21; text wants 4.5, edges 3)."""

    def luminance(colour: QtGui.QColor) -> float:
        channels = (colour.redF(), colour.greenF(), colour.blueF())
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def style_sheet(scheme: str) -> str:
    """``app.qss`` with its ``@name`` colours filled in from ``scheme``."""
    colours = _schemes()[scheme]
    text = resource_path("styles", "app.qss").read_text("utf-8")
    return _TOKEN.sub(lambda m: colours[m.group(1)], text)


def palette(scheme: str) -> QtGui.QPalette:
    """Qt's palette for ``scheme`` (disabled text dimmed)."""
    colours = _schemes()[scheme]
    result = QtGui.QPalette()
    for name, roles in _ROLES.items():
        for role in roles:
            result.setColor(getattr(QtGui.QPalette.ColorRole, role), QtGui.QColor(colours[name]))
    disabled = QtGui.QPalette.ColorGroup.Disabled
    for role in ("WindowText", "Text", "ButtonText"):
        result.setColor(disabled, getattr(QtGui.QPalette.ColorRole, role), colour("dark", scheme))
    return result


def apply(app: QtWidgets.QApplication, appearance: str) -> str:
    """Dress the app in ``appearance`` ("system", "light" or "dark"), with the focus ring
    over its style; the scheme used."""
    from partnerdesk.ui.focus_ring import with_focus_ring

    scheme = scheme_for(appearance)
    _current["scheme"] = scheme
    with_focus_ring(app)
    app.setPalette(palette(scheme))
    app.setStyleSheet(style_sheet(scheme))
    return scheme
