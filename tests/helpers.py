"""Helpers shared by tests: run the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from partnerdesk.core import clock

ROOT = Path(__file__).resolve().parents[1]


def pin_day(day: date, hour: int = 12, minute: int = 0) -> None:
    """Pin the app's clock to ``hour:minute`` of ``day`` on the user's calendar."""
    clock.set_now(clock.at_local(day, hour, minute))


def run_cli(
    *args: str,
    profile: Path | None = None,
    env: dict[str, str] | None = None,
    passphrase: str | None = "correct horse battery staple",
    input_text: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m partnerdesk [--profile DIR] ARGS`` and capture its output."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    full_env["PYTHONPATH"] = str(ROOT / "desktop") + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if clock.is_pinned():  # the child reads the test's clock
        full_env["PARTNERDESK_CLOCK"] = clock.now().isoformat()
    if passphrase is not None:
        full_env["PARTNERDESK_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "partnerdesk"]
    if profile is not None:
        cmd += ["--profile", str(profile)]
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input_text,
        timeout=timeout,
        check=False,
    )


def locked(*_args, **_kwargs):
    """What SQLite raises past the busy timeout, as SQLAlchemy wraps it (inject it in
    place of a core call to test how the UI reports a failed operation)."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
