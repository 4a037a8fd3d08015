"""Where a profile keeps its files: one place, resolved lazily.

The profile folder comes from ``--profile DIR``, else ``PARTNERDESK_HOME``, else the
platform's user data folder. Everything a profile owns (database, key file, backups,
logs, settings) lives inside it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

ENV_HOME = "PARTNERDESK_HOME"


@dataclass(frozen=True)
class ProfilePaths:
    """The files and folders of one profile."""

    root: Path

    @classmethod
    def resolve(cls, profile: str | os.PathLike[str] | None = None) -> ProfilePaths:
        """Pick the profile folder: explicit argument, then environment, then platform default."""
        if profile:
            return cls(Path(profile).expanduser().resolve())
        env = os.environ.get(ENV_HOME)
        if env:
            return cls(Path(env).expanduser().resolve())
        from platformdirs import user_data_path

        return cls(user_data_path("PartnerDesk", appauthor=False, roaming=True))

    @property
    def database(self) -> Path:
        return self.root / "partnerdesk.db"

    @property
    def key_file(self) -> Path:
        return self.root / "keyfile.json"

    @property
    def profile_file(self) -> Path:
        return self.root / "profile.json"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def today_snapshot(self) -> Path:
        """What Today showed at the last close, encrypted (core/store/snapshot.py)."""
        return self.root / "today.snapshot"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "partnerdesk.log"

    @property
    def prompts_file(self) -> Path:
        """The user's own additions to the prompt library."""
        return self.root / "prompts.toml"

    @property
    def deck_template(self) -> Path:
        """Where a company's own slide template for the summary deck goes."""
        return self.root / "deck-template.pptx"

    def slide_template(self) -> Path | None:
        """The company's slide template when this profile has one, else None (built-in look)."""
        return self.deck_template if self.deck_template.exists() else None

    def exists(self) -> bool:
        """True when this folder already holds a profile."""
        return self.profile_file.exists() or self.database.exists()

    def ensure(self) -> None:
        """Create the profile folders (private to the user where the OS allows)."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                folder.chmod(0o700)


class _Resources:
    """Locates shipped resources in a source tree, an installed wheel or a frozen bundle."""

    @cached_property
    def root(self) -> Path:
        frozen = getattr(sys, "_MEIPASS", None)
        if frozen:
            return Path(frozen) / "partnerdesk" / "resources"
        source = Path(__file__).resolve().parents[2] / "resources"
        if source.is_dir():
            return source
        from importlib import resources  # an installed wheel only: not paid at start-up

        return Path(str(resources.files("partnerdesk.resources")))


_resources = _Resources()


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("agendas", "2026-05.toml")``."""
    return _resources.root.joinpath(*parts)
