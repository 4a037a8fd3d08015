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
DIALOGS = ("shortcuts", "settings", "followup", "signal", "unlock", "assign", "import")


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
        *(f"dialog-{name}.png" for name in DIALOGS),
    ]


def test_committed_screenshots_cover_every_view():
    committed = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert set(expected_names()) <= committed, "run: python tools/screenshots.py --docs"


def shoot(out: Path, *args: str, platform: str | None = "offscreen") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERDESK_", "QT_"))}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--out", str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_screenshot_script(tmp_path):
    docs = (ROOT / "docs" / "shortcuts.md").read_bytes()
    shoot(tmp_path)
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


def test_a_small_screen_at_150_fits_the_window_and_the_dialogs(tmp_path):
    shoot(tmp_path, "--screen", "1280x720", "--scale", "1.5", platform=None)
    for path in tmp_path.glob("*.png"):
        image = QtGui.QImage(str(path))
        assert image.width() <= 1280 and image.height() <= 720, path.name
        if not path.name.startswith("dialog-"):
            assert (image.width(), image.height()) == (1280, 720), path.name
