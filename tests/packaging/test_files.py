"""Packaging files that need no build: the Linux launcher, the icon, the spec's inputs."""

from __future__ import annotations

import configparser
from pathlib import Path

from partnerdesk.ui.qt import QtGui

ROOT = Path(__file__).resolve().parents[2]


def test_desktop_file_launches_partnerdesk_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "partnerdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Partner Desk"
    assert desktop["Exec"].split()[0] == "partnerdesk"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    assert (ROOT / "resources" / "icons" / f"{desktop['Icon']}.svg").is_file()


def test_icon_renders(qapp):
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "partnerdesk.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256
    png = QtGui.QImage(str(ROOT / "resources" / "icons" / "partnerdesk.png"))
    assert (png.width(), png.height()) == (256, 256)
    assert png.hasAlphaChannel()


def test_spec_ships_what_the_app_reads_at_run_time():
    spec = (ROOT / "packaging" / "partnerdesk.spec").read_text("utf-8")
    assert '"partnerdesk/resources"' in spec  # where paths.resource_path looks when frozen
    assert '"partnerdesk/core/store/migrations"' in spec  # Alembic reads the scripts
    assert 'collect_dynamic_libs("sqlcipher3")' in spec
    assert (ROOT / "desktop" / "partnerdesk" / "core" / "store" / "migrations" / "env.py").is_file()
