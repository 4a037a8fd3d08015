"""The one place that imports PySide6; every UI module imports Qt from here."""

import sys

from PySide6 import QtCore, QtGui, QtWidgets

__all__ = ["QtCore", "QtGui", "QtWidgets", "qt_network"]


def qt_network():
    """PySide6's QtNetwork, imported when first needed (not on the first paint's path)."""
    from PySide6 import QtNetwork

    return QtNetwork


def _uses_pyside(module) -> bool:
    """Whether a module's source file mentions PySide6, read as bytes."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _quicker_feature_scan() -> None:
    """Answer PySide6's per-import question without ``inspect.getsource``.

    After each import, PySide6 asks whether the new module mentions "PySide6" (for its
    ``__feature__`` switch) by reading the source through ``inspect.getsource``, which
    keeps every line in ``linecache``. For SQLAlchemy and the models, loaded after the
    first paint, that cost ~0.1 s of the GUI's start and 8 MB. The same answer comes
    from the file's bytes. Modules without a ``.py`` file count as not using PySide6,
    as they do in PySide6.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _uses_pyside


_quicker_feature_scan()
