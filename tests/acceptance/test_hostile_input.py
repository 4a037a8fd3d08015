"""Files that are not what their names say, and text that would steer a terminal.

Each case ends with one clear line and exit 2 (a bad file) and changes nothing.
"""

from __future__ import annotations

import json
import os

import pytest

from partnerdesk.core.store.models import Rep
from tests.helpers import run_cli


def _snapshot(profile) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in profile.iterdir()
        if p.is_file() and p.suffix in (".db", ".json")
    }


def _one_line_exit_2(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "deep-nesting"])
def test_agenda_import_of_a_hostile_file(profile_paths, tmp_path, kind):
    if kind == "dev-zero":
        source = "/dev/zero"
    elif kind == "fifo":
        source = str(tmp_path / "agenda.toml")
        os.mkfifo(source)
    elif kind == "folder":
        source = str(tmp_path)
    else:
        source = str(tmp_path / "deep.toml")
        with open(source, "w") as fh:
            fh.write("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    before = _snapshot(profile_paths.root)
    result = run_cli("agenda", "import", source, profile=profile_paths.root, timeout=60)
    line = _one_line_exit_2(result)
    assert source.rstrip("/").split("/")[-1] in line or "/dev/zero" in line
    assert _snapshot(profile_paths.root) == before


def test_a_passphrase_file_that_never_ends(profile_paths):
    result = run_cli(
        "--passphrase-file", "/dev/zero", "rep", "list", profile=profile_paths.root, timeout=60
    )
    assert "not a regular file" in _one_line_exit_2(result)


@pytest.mark.parametrize(
    ("name", "value"), [("memory_kib", 64 * 1024 * 1024), ("iterations", 10**9), ("lanes", 0)]
)
def test_a_key_file_asking_for_absurd_argon2_work(profile_paths, name, value):
    record = json.loads(profile_paths.key_file.read_text())
    record["kdf"][name] = value
    profile_paths.key_file.write_text(json.dumps(record))
    before = _snapshot(profile_paths.root)
    result = run_cli("rep", "list", profile=profile_paths.root, timeout=60)
    line = _one_line_exit_2(result)
    assert f"Argon2 {name} = {value}" in line and "Restore it from a backup" in line
    assert _snapshot(profile_paths.root) == before


def test_control_characters_never_reach_the_terminal_or_an_export(store, profile_paths, tmp_path):
    nasty = "Eve\x1b]0;pwned\x07\x1b[2J\x00Rep"
    with store.transaction() as s:
        s.add(Rep(name=nasty, email="eve@example.com"))
    store.close()
    listed = run_cli("rep", "list", profile=profile_paths.root)
    assert listed.returncode == 0, listed.stderr
    assert "Eve]0;pwned[2JRep" in listed.stdout
    for control in ("\x1b", "\x00", "\x07"):
        assert control not in listed.stdout
    for fmt in ("md", "html"):
        out = tmp_path / f"summary.{fmt}"
        made = run_cli(
            "summary",
            "--period",
            "2026-Q2",
            "--rep",
            "eve@example.com",
            "--format",
            fmt,
            "--output",
            str(out),
            profile=profile_paths.root,
        )
        assert made.returncode == 0, made.stderr
        text = out.read_text("utf-8")
        assert "pwned" in text and "Rep" in text  # the name is there, escaped for Markdown
        assert "\x1b" not in text and "\x00" not in text
