"""The Qt layer: windows, views, item models and dialogs. Only this package imports PySide6."""
