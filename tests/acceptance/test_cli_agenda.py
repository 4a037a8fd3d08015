"""The agenda verbs through the real CLI: lint exit codes, import/show/publish/export."""

from __future__ import annotations

from partnerdesk.paths import resource_path
from tests.core.meetings.data import make_org
from tests.helpers import run_cli

SAMPLE = str(resource_path("agendas", "2026-05.toml"))


def test_lint_flags_with_exit_1_and_suggests_a_rewrite():
    result = run_cli("agenda", "lint", "Did you like the most recent AllHands?", passphrase=None)
    assert result.returncode == 1, result.stderr
    assert "Why:" in result.stdout
    assert "Try: What" in result.stdout
    assert "1 question to rephrase." in result.stdout


def test_lint_clean_text_exits_0():
    result = run_cli(
        "agenda", "lint", "What worked and what didn't about the All-hands?", passphrase=None
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Clean")


def test_lint_reads_standard_input():
    result = run_cli("agenda", "lint", "-", passphrase=None, input_text="Do you think it works?")
    assert result.returncode == 1
    assert "What have you seen that tells you whether it works?" in result.stdout


def test_lint_an_agenda_file(tmp_path):
    agenda = tmp_path / "june.toml"
    agenda.write_text(
        'month = "2026-06"\n[[sections]]\nname = "Feedback"\n[[sections.items]]\n'
        'text = "Offsite recap"\nprompts = ["Which session helped most?", "Did you like it?"]\n',
        encoding="utf-8",
    )
    flagged = run_cli("agenda", "lint", "--file", str(agenda), passphrase=None)
    assert flagged.returncode == 1, flagged.stderr
    assert 'Feedback, item 1, prompt 2: "Did you like it?"' in flagged.stdout
    assert "1 question to rephrase." in flagged.stdout
    sample = run_cli("agenda", "lint", "--file", SAMPLE, passphrase=None)
    assert sample.returncode == 0 and sample.stdout.startswith("Clean")
    missing = run_cli("agenda", "lint", "--file", str(tmp_path / "nope.toml"), passphrase=None)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_import_show_publish_export(profile_paths, store, tmp_path):
    make_org(store)
    store.close()
    profile = profile_paths.root
    imported = run_cli("agenda", "import", SAMPLE, profile=profile)
    assert imported.returncode == 0, imported.stderr
    assert "4 sections, 7 items" in imported.stdout

    shown = run_cli("agenda", "show", "2026-05", profile=profile)
    assert shown.returncode == 0, shown.stderr
    assert "(2026-05, draft)" in shown.stdout
    assert "Brand refresh goes live on the 15th  [Fri 15 May]" in shown.stdout
    assert "for department: Customer Success" in shown.stdout

    refused = run_cli("agenda", "publish", "2026-05", "--as", "terry@example.com", profile=profile)
    assert refused.returncode == 1
    assert "Only the HR lead can publish" in refused.stderr
    nobody = run_cli("agenda", "publish", "2026-05", profile=profile)
    assert nobody.returncode == 1 and "--as EMAIL" in nobody.stderr

    published = run_cli(
        "agenda", "publish", "2026-05", "--as", "ALANA@example.com", profile=profile
    )
    assert published.returncode == 0, published.stderr
    assert "as Alana Fallis" in published.stdout

    out = tmp_path / "may.toml"
    exported = run_cli("agenda", "export", str(out), "--month", "2026-05", profile=profile)
    assert exported.returncode == 0, exported.stderr
    assert 'audience = "tier: Senior Director, VP"' in out.read_text("utf-8")

    again = run_cli("agenda", "import", str(out), profile=profile)
    assert again.returncode == 1
    assert "already published; nothing was imported" in again.stderr


def test_malformed_file_is_refused_with_the_problems_listed(profile_paths, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\n'
        'text = "x"\naudience = "sales"\n',
        encoding="utf-8",
    )
    result = run_cli("agenda", "import", str(bad), profile=profile_paths.root)
    assert result.returncode == 2  # a file that is not a valid agenda
    assert "nothing was imported" in result.stderr
    assert 'section 1 ("A"), item 1: audience "sales"' in result.stderr
    listing = run_cli("agenda", "list", profile=profile_paths.root)
    assert "No agendas yet" in listing.stdout


def test_new_month_and_show_errors(profile_paths):
    profile = profile_paths.root
    created = run_cli("agenda", "new", "2026-06", "--from", "template", profile=profile)
    assert created.returncode == 0, created.stderr
    assert "Started the 2026-06 agenda" in created.stdout
    missing = run_cli("agenda", "show", "2026-07", profile=profile)
    assert missing.returncode == 1 and "agenda new 2026-07" in missing.stderr


def test_lint_of_empty_text_asks_for_a_text():
    result = run_cli("agenda", "lint", "  ", passphrase=None)
    assert result.returncode == 2
    assert "give a text to check" in result.stderr
