"""The one place that imports PySide6; every UI module imports Qt from here."""

from PySide6 import QtCore, QtGui, QtWidgets

__all__ = ["QtCore", "QtGui", "QtWidgets"]
