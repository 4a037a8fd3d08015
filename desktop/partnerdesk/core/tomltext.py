"""Writing small, readable TOML by hand (the standard library only reads TOML)."""

from __future__ import annotations

import json
from collections.abc import Iterable


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes (a subset of TOML's), plus DEL, which TOML
    forbids unescaped and JSON leaves alone."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_string_array(items: Iterable[str], indent: str = "    ") -> str:
    """A TOML array of strings, one per line when there is more than one."""
    values = [toml_string(item) for item in items]
    if len(values) <= 1:
        return f"[{', '.join(values)}]"
    return "[\n" + "".join(f"{indent}{value},\n" for value in values) + "]"
