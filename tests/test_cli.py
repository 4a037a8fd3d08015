"""The command line: the app starts without loading what only the verbs need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from partnerdesk import __version__
from partnerdesk.cli import parse_args
from tests.helpers import run_cli

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"


def _loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """Modules starting with ``prefixes`` that a fresh interpreter has loaded after ``code``."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(DESKTOP), "PATH": ""},
        check=True,
    )
    return json.loads(result.stdout)


def test_no_verb_means_the_app_and_builds_no_verb_parsers():
    args = parse_args(["--profile", "/tmp/somewhere", "--smoke"])
    assert (args.verb, args.profile, args.smoke) == (None, "/tmp/somewhere", True)
    loaded = _loaded_after(
        "from partnerdesk.cli import parse_args\nparse_args(['--profile', 'x'])",
        ("partnerdesk.commands.", "sqlalchemy", "PySide6"),
    )
    assert loaded == []


def test_a_verb_still_parses_with_its_options():
    args = parse_args(["--profile", "p", "followups", "--overdue"])
    assert (args.verb, args.profile, args.overdue) == ("followups", "p", True)


def test_help_and_mistakes_show_every_verb():
    helped = run_cli("--help", passphrase=None)
    assert helped.returncode == 0
    assert "roster" in helped.stdout and "summary" in helped.stdout
    missing = run_cli("--profile", passphrase=None)
    assert missing.returncode == 2
    assert "expected one argument" in missing.stderr and "VERB" in missing.stderr


def test_unlocking_a_key_needs_no_sqlalchemy():
    """The key can be derived on another core while SQLAlchemy loads (see ui.app)."""
    loaded = _loaded_after("import partnerdesk.core.profile", ("sqlalchemy", "alembic"))
    assert loaded == []


def test_the_verbs_own_their_arguments_and_global_mistakes_show_the_full_usage():
    """``--version`` after a verb is the verb's mistake, not a version request; an ambiguous
    global option is explained with the full usage (verbs and all)."""
    after_verb = run_cli("search", "--version", passphrase=None)
    assert after_verb.returncode == 2 and "partnerdesk search" in after_verb.stderr
    assert run_cli("--version", passphrase=None).stdout.strip().endswith(__version__)
    ambiguous = run_cli("summary", "--p", "2026-Q3", passphrase=None)
    assert ambiguous.returncode == 2
    assert "ambiguous option" in ambiguous.stderr and "VERB" in ambiguous.stderr
