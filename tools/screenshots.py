"""Screenshots of every view, the meeting screen and the main dialogs, from the demo company.

Builds a demo profile in a temporary folder, opens the real main window fitted to a
screen of ``--screen`` pixels (1280x800 by default; offscreen on a screen of that size,
or on the platform ``QT_QPA_PLATFORM`` names, e.g. ``xcb`` under ``xvfb-run``) in the
``--palette`` look, visits each view, a meeting and the main dialogs, and saves PNGs.
``--scale 1.5`` draws at 150% (as ``QT_SCALE_FACTOR=1.5`` does). With ``--docs`` it
also rewrites ``docs/shortcuts.md`` from the app's shortcut sheet.

    python tools/screenshots.py [--out docs/screenshots] [--palette light|dark]
                                [--screen 1280x720] [--scale 1.5] [--docs]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREEN = (1280, 800)
PASSPHRASE = "screenshots of a demo profile"


def _screen_config(screen: tuple[int, int]) -> Path:
    """A config for Qt's offscreen platform with one screen of ``screen`` pixels, so the
    window and the dialogs fit it as they would a real one."""
    handle, name = tempfile.mkstemp(prefix="partnerdesk-screen-", suffix=".json")
    width, height = screen
    one = {"name": "screenshots", "x": 0, "y": 0, "width": width, "height": height}
    one |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    with os.fdopen(handle, "w") as file:
        json.dump({"screens": [one]}, file)
    return Path(name)


def _settle(app) -> None:
    """Let background tasks finish and their results reach the widgets."""
    from partnerdesk.ui.qt import QtCore

    pool = QtCore.QThreadPool.globalInstance()
    for _ in range(3000):
        app.processEvents()
        if not pool.activeThreadCount():
            break
        pool.waitForDone(10)
    for _ in range(5):
        app.processEvents()


def _save(widget, path: Path) -> Path:
    """Save a widget as a small PNG: 256 colours, the ones the picture uses most (a UI has
    few; Qt's default web palette would shift a dark theme's greys and tints)."""
    from collections import Counter

    from partnerdesk.ui.qt import QtCore, QtGui

    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    step = max(1, image.width() // 400)
    counts = Counter(
        image.pixel(x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    )
    table = [colour for colour, _n in counts.most_common(256)]
    flags = (
        QtCore.Qt.ImageConversionFlag.ThresholdDither | QtCore.Qt.ImageConversionFlag.AvoidDither
    )
    image = image.convertToFormat(QtGui.QImage.Format.Format_Indexed8, table, flags)
    if not image.save(str(path), "PNG", 0):  # quality 0 = strongest PNG compression
        raise OSError(f"could not write {path}")
    return path


def showcase_meeting(store) -> str:
    """A recent held meeting of a Customer Success manager with plenty of notes."""
    from sqlalchemy import func, select

    from partnerdesk.core.store.models import Manager, Meeting, Note

    with store.session() as session:
        notes = func.count(Note.id).label("notes")
        row = session.execute(
            select(Meeting.id, notes)
            .join(Manager, Manager.id == Meeting.manager_id)
            .join(Note, Note.meeting_id == Meeting.id)
            .where(Meeting.status == "held", Manager.department == "Customer Success")
            .group_by(Meeting.id)
            .order_by(Meeting.planned_for.desc(), notes.desc())
            .limit(1)
        ).first()
    return row[0]


def _dialogs(window, paths) -> list[tuple[str, object]]:
    """The main dialogs, filled as a rep meets them: (file name, dialog)."""
    from partnerdesk.core.followups import FollowUpSpec
    from partnerdesk.core.signals import SignalSpec
    from partnerdesk.ui.dialogs.assign import AssignmentDialog
    from partnerdesk.ui.dialogs.followup import FollowUpDialog
    from partnerdesk.ui.dialogs.roster_import import RosterImportDialog
    from partnerdesk.ui.dialogs.settings import SettingsDialog
    from partnerdesk.ui.dialogs.shortcuts import ShortcutsDialog
    from partnerdesk.ui.dialogs.signal import SignalDialog
    from partnerdesk.ui.dialogs.unlock import UnlockDialog

    state = window.state
    followup = FollowUpSpec("Send the benefits FAQ to the manager")
    signal = SignalSpec(
        "flight_risk", 3, "Engineer", "Talks of leaving after the reorg", "reorg, career"
    )
    return [
        ("shortcuts", ShortcutsDialog(window)),
        ("settings", SettingsDialog(state.settings, paths, window)),
        ("followup", FollowUpDialog(state, spec=followup, manager_name="Ana Russo", parent=window)),
        ("signal", SignalDialog(signal, raised=True, parent=window)),
        ("unlock", UnlockDialog(state, window)),
        ("assign", AssignmentDialog(state, window)),
        ("import", RosterImportDialog(state, window)),
    ]


def take(
    out: Path,
    docs: bool = False,
    palette: str = "light",
    screen: tuple[int, int] = SCREEN,
    scale: float = 1.0,
) -> list[Path]:
    """Make the screenshots into ``out``; returns the files written."""
    config = None
    if "QT_QPA_PLATFORM" not in os.environ:  # offscreen, on a screen of that size
        config = _screen_config(screen)
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    sys.path.insert(0, str(ROOT / "desktop"))
    from partnerdesk.core.demo import load_demo
    from partnerdesk.core.profile import open_store, unlock_key
    from partnerdesk.paths import ProfilePaths
    from partnerdesk.ui.app import make_application
    from partnerdesk.ui.dialogs.shortcuts import shortcut_sections, shortcuts_markdown
    from partnerdesk.ui.geometry import fitted
    from partnerdesk.ui.main_window import VIEWS, MainWindow
    from partnerdesk.ui.qt import QtCore
    from partnerdesk.ui.state import AppState

    app = make_application(palette)
    if config is not None:
        config.unlink()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="partnerdesk-shots-") as tmp:
        paths = ProfilePaths(Path(tmp) / "demo")
        key = unlock_key(paths, PASSPHRASE, prefer_passphrase=True)
        store = open_store(paths, key, new=True)
        load_demo(store)
        window = MainWindow(AppState(store, paths))
        available = QtCore.QRect(0, 0, round(screen[0] / scale), round(screen[1] / scale))
        window.setGeometry(fitted(available))
        window.show()
        _settle(app)
        for index, (key, _label, _module, _cls) in enumerate(VIEWS, start=1):
            window.show_view(key)
            _settle(app)
            written.append(_save(window, out / f"{index:02d}-{key}.png"))
        window.show_view("meetings")
        window.open_meeting(showcase_meeting(store))
        _settle(app)
        written.append(_save(window, out / f"{len(VIEWS) + 1:02d}-meeting.png"))
        window.close_meeting()
        for name, dialog in _dialogs(window, paths):
            dialog.resize(dialog.size().boundedTo(available.size()))  # as on that screen
            dialog.show()
            _settle(app)
            written.append(_save(dialog, out / f"dialog-{name}.png"))
            dialog.close()
        if docs:
            target = ROOT / "docs" / "shortcuts.md"
            target.write_text(shortcuts_markdown(shortcut_sections(window)) + "\n", "utf-8")
        window.close()
        _settle(app)
    return written


def _size(text: str) -> tuple[int, int]:
    """``WxH`` as two numbers."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WxH, e.g. 1280x720") from None
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--docs", action="store_true", help="also rewrite docs/shortcuts.md")
    parser.add_argument("--palette", choices=("light", "dark"), default="light")
    parser.add_argument("--screen", type=_size, default=SCREEN, help="WxH, e.g. 1280x720")
    parser.add_argument("--scale", type=float, default=1.0, help="e.g. 1.5 for 150%%")
    args = parser.parse_args(argv)
    shots = take(args.out, args.docs, args.palette, args.screen, args.scale)
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
