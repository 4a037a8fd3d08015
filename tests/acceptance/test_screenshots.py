"""The screenshot script runs from a clean checkout and makes real, non-blank pictures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from partnerdesk.ui.main_window import VIEWS
from partnerdesk.ui.qt import QtGui

ROOT = Path(__file__).resolve().parents[2]


def drawn_share(path: Path, step: int = 4) -> float:
    """The share of sampled pixels that differ from the most common colour."""
    image = QtGui.QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable PNG"
    pixels = Counter(
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )
    return 1 - pixels.most_common(1)[0][1] / sum(pixels.values())


def expected_names() -> list[str]:
    names = [f"{i:02d}-{key}.png" for i, (key, *_rest) in enumerate(VIEWS, start=1)]
    return [
        *names,
        f"{len(VIEWS) + 1:02d}-meeting.png",
        "dialog-shortcuts.png",
        "dialog-settings.png",
    ]


def test_committed_screenshots_cover_every_view():
    committed = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert set(expected_names()) <= committed, "run: python tools/screenshots.py --docs"


def test_screenshot_script(tmp_path):
    docs = (ROOT / "docs" / "shortcuts.md").read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    expected = expected_names()
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == sorted(expected)
    for name in expected:
        path = tmp_path / name
        if not name.startswith("dialog-"):
            image = QtGui.QImage(str(path))
            assert (image.width(), image.height()) == (1280, 800), name
        assert drawn_share(path) > 0.03, f"{name} looks blank"
    assert (ROOT / "docs" / "shortcuts.md").read_bytes() == docs  # only --docs rewrites it
