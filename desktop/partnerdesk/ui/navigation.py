"""Navigation as typed requests: a view asks to show something, the main window does it.

No widget reaches up to the window (no ``window()`` plus ``hasattr``): it emits a
:class:`Navigate` on ``hub.navigate`` through :meth:`AppState.navigate`, and
``MainWindow.navigate`` handles every kind in one place (waiting for the store to open
when Today still shows while it opens).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["view", "meeting", "manager", "signal", "followup", "search", "department", "assign"]


@dataclass(frozen=True)
class Navigate:
    """Show ``target`` as ``kind`` says: a view key, a meeting id, a manager id (their
    meeting, planned if need be), a signal or follow-up id, a search text, or a
    department's open signals; ``assign``: the Managers view's assignment proposal."""

    kind: Kind
    target: str = ""
