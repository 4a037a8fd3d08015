"""The layers hold: core never imports PySide6, and the UI imports Qt only through ui/qt.py."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop" / "partnerdesk"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if any(name.startswith(("PySide6", "partnerdesk.ui")) for name in _imports(path))
    ]
    assert offenders == []


def test_only_ui_qt_imports_pyside6():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "ui").rglob("*.py")
        if path.name != "qt.py" and any(n.startswith("PySide6") for n in _imports(path))
    ]
    assert offenders == []


def test_importing_all_of_core_loads_no_qt():
    modules = [
        ".".join(("partnerdesk", *path.relative_to(PACKAGE).with_suffix("").parts))
        for path in (PACKAGE / "core").rglob("*.py")
        if "migrations" not in path.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": ""},
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_the_ui_builds_no_sql():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "ui").rglob("*.py")
        if any(n.startswith("sqlalchemy") for n in _imports(path))
        or ".session()" in path.read_text("utf-8")
        or ".transaction()" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_only_the_clock_reads_the_time():
    """ruff's banned-api rule covers Python's clocks; this covers Qt's and the local zone."""
    forbidden = ("currentDate", "currentDateTime", "currentMSecsSinceEpoch", ".astimezone()")
    offenders = [
        f"{path.relative_to(PACKAGE)}: {word}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "clock.py"
        for word in forbidden
        if word in path.read_text("utf-8")
    ]
    assert offenders == []
