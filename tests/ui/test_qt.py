"""The one Qt import: PySide6's per-import source scan is answered without linecache."""

from __future__ import annotations

import importlib
import linecache
import sys

from partnerdesk.ui import qt


def test_the_feature_scan_is_replaced():
    """Fails if a PySide6 upgrade renames the hook: the ~0.1 s start-up cost comes back."""
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is qt._uses_pyside


def test_imports_after_qt_keep_no_source_in_memory_and_are_classified(tmp_path, monkeypatch):
    (tmp_path / "plain_module_x.py").write_text("VALUE = 1\n")
    (tmp_path / "qt_module_x.py").write_text("from PySide6 import QtCore  # noqa\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    feature = sys.modules["shibokensupport.feature"]
    for name in ("plain_module_x", "qt_module_x"):
        exec(f"import {name}", {})  # through builtins.__import__, as modules import
    assert feature.pyside_feature_dict["plain_module_x"] == -1
    assert feature.pyside_feature_dict["qt_module_x"] == 0
    assert not any(str(tmp_path) in name for name in linecache.cache)
    for name in ("plain_module_x", "qt_module_x"):
        sys.modules.pop(name)
    importlib.invalidate_caches()
