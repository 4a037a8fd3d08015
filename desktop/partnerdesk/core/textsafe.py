"""Text that is safe to print or export: no control characters a terminal would obey.

Notes, rosters and agenda files can hold ESC sequences (which recolour, retitle or rewrite
a terminal), NUL bytes and other C0/C1 controls. Output keeps tabs and line breaks and
drops the rest.
"""

from __future__ import annotations

import re

#: C0 controls except tab/newline/carriage return, DEL, and the C1 range (0x80-0x9F).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` with control characters removed (tabs and line breaks kept)."""
    return _CONTROLS.sub("", text)
