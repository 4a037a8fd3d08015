"""The shortcut sheet: F1 / Ctrl+/ open it, it lists every key in the code, docs match it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnerdesk.ui.dialogs.shortcuts import (
    ShortcutsDialog,
    shortcut_sections,
    shortcuts_markdown,
)
from partnerdesk.ui.qt import QtGui

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "desktop" / "partnerdesk" / "ui"
#: A string literal that is a key sequence: "Ctrl+Shift+F", "Alt+1", "F1" ...
KEY_LITERAL = re.compile(
    r"""["']((?:(?:Ctrl|Alt|Shift|Meta)\+)+(?:[A-Za-z0-9,/.]|F\d+|Up|Down|Left|Right|Return|Enter|Esc|Tab|Space|Backspace|Del|Delete|Home|End)|F\d{1,2})["']"""
)


def _keys(sections) -> set[str]:
    found = set()
    for _title, rows in sections:
        for keys, _what in rows:
            found.update(k.strip() for k in keys.split(" or "))
    return found


def _normal(keys: str) -> str:
    return QtGui.QKeySequence(keys).toString(QtGui.QKeySequence.SequenceFormat.PortableText)


@pytest.mark.parametrize("keys", ["F1", "Ctrl+/"])
def test_keys_open_the_sheet(qtbot, main_window, monkeypatch, keys):
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    sequence = QtGui.QKeySequence(keys)
    combo = sequence[0]
    qtbot.keyClick(main_window.sidebar, combo.key(), combo.keyboardModifiers())
    assert len(opened) == 1
    assert opened[0].visible_rows()


def test_sheet_lists_the_essential_shortcuts(main_window):
    keys = _keys(shortcut_sections(main_window))
    essentials = [f"Ctrl+{n}" for n in range(1, 9)]
    essentials += ["Ctrl+L", "Ctrl+Shift+H", "Ctrl+Shift+F", "Ctrl+Shift+V", "Ctrl+,", "F1"]
    essentials += ["Ctrl+K", "F5"]  # search, sync
    essentials += [f"Alt+{n}" for n in range(1, 7)]
    assert not [k for k in essentials if k not in keys]


def test_every_key_written_in_the_ui_code_is_on_the_sheet(main_window):
    listed = {_normal(k) for k in _keys(shortcut_sections(main_window))}
    missing = {}
    for path in UI.rglob("*.py"):
        for literal in KEY_LITERAL.findall(path.read_text("utf-8")):
            if _normal(literal) not in listed:
                missing.setdefault(literal, path.relative_to(ROOT).as_posix())
    assert not missing, f"add these to partnerdesk/ui/dialogs/shortcuts.py: {missing}"


def test_docs_match_the_sheet(main_window):
    expected = shortcuts_markdown(shortcut_sections(main_window)) + "\n"
    assert (ROOT / "docs" / "shortcuts.md").read_text("utf-8") == expected, (
        "docs/shortcuts.md is out of date: run tools/screenshots.py (it rewrites it)"
    )


def test_filter(qtbot, main_window):
    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.filter, "flight")
    rows = dialog.visible_rows()
    assert rows and all("flight" in what.lower() for _keys, what in rows)
    dialog.filter.clear()
    assert len(dialog.visible_rows()) == sum(len(r) for _t, r in dialog.sections)
