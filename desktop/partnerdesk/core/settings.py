"""User preferences kept in the profile's ``settings.json`` (nothing secret)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from partnerdesk.core.fsutil import atomic_write_bytes


@dataclass
class Settings:
    """Preferences with their defaults."""

    default_visibility: str = "team"
    autosave_ms: int = 800
    backup_keep: int = 5
    idle_lock_minutes: int = 15
    recurring_theme_managers: int = 3
    #: Joiners and leavers found by a roster import open onboarding and exit cases
    #: (mirrored into the store, where the import reads it: see core.cases.set_auto_cases).
    lifecycle_cases: bool = True
    #: "system", "light" or "dark".
    appearance: str = "system"

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings, ignoring unknown keys and falling back to defaults when unreadable."""
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values = {}
        for name, value in raw.items() if isinstance(raw, dict) else ():
            default = getattr(cls, name, None)
            if name in known and isinstance(value, type(default)):
                values[name] = value
        return cls(**values)

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, json.dumps(asdict(self), indent=2).encode("utf-8"))
