"""``partnerdesk lifecycle``, ``cases``, ``engagement`` and ``prepare``: the real CLI."""

from __future__ import annotations

from tests.core.lifecycle.org import (
    ANNA,
    BORIS,
    ENGAGEMENT,
    FIRST,
    HIDDEN_SCORE,
    SECOND,
    engagement_csv,
    write,
)
from tests.core.lifecycle.xlsx import write_xlsx
from tests.helpers import run_cli


def cli(profile, *args: str, when: str = "2026-11-16T09:00:00Z"):
    result = run_cli(*args, profile=profile, env={"PARTNERDESK_CLOCK": when})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_two_imports_then_lifecycle_cases_engagement_and_prepare(tmp_path):
    profile = tmp_path / "profile"
    cli(
        profile,
        "roster",
        "import",
        str(write(tmp_path, "a.csv", FIRST)),
        when="2026-10-15T09:00:00Z",
    )
    cli(profile, "roster", "import", str(write(tmp_path, "b.csv", SECOND)))
    events = cli(profile, "lifecycle", "--manager", ANNA).splitlines()
    assert events[0].split() == ["Date", "Person", "Event", "Manager", "Department"]
    assert len(events) == 4
    assert any("Mina Park" in line and "Joined" in line for line in events)
    assert "No lifecycle events since 2026-11-17." in cli(
        profile, "lifecycle", "--since", "2026-11-17"
    )
    unknown = cli(profile, "lifecycle", "--manager", "nobody@acme.example")
    assert "nobody@acme.example" in unknown and "partnerdesk schedule" in unknown
    assert "roster import" not in unknown  # the events exist: the email is what to check
    cases = cli(profile, "cases", "--open", "--kind", "onboarding")
    assert "Mina Park" in cases and "Lea Moreau" not in cases
    assert "Exit/offboarding" in cli(profile, "cases")
    imported = cli(profile, "engagement", "import", str(engagement_csv(tmp_path)))
    assert imported.startswith("6 added, 0 updated, 0 unchanged.")
    assert "nobody@acme.example" in imported
    xlsx = write_xlsx(tmp_path / "results.xlsx", ENGAGEMENT)
    assert cli(profile, "engagement", "import", str(xlsx)).startswith(
        "0 added, 0 updated, 6 unchanged"
    )
    departments = cli(profile, "engagement")
    assert "too few responses" in departments and f"{HIDDEN_SCORE}%" not in departments
    anna = cli(profile, "prepare", ANNA, "--month", "2026-12", when="2026-12-02T09:00:00Z")
    assert anna.startswith("# Meeting with Anna Berg")
    assert "Mina Park joined on 16 Nov: what does Mina still need to be productive?" in anna
    assert "Engagement fell from 80% to 70% in 2026-Q4" in anna
    boris = cli(profile, "prepare", BORIS, "--month", "2026-12", when="2026-12-02T09:00:00Z")
    assert "too few responses" in boris and f"{HIDDEN_SCORE}%" not in boris


def test_user_mistakes_are_one_clear_line(tmp_path):
    profile = tmp_path / "profile"
    for args, message, code in (
        (("prepare", "nobody@acme.example"), "No manager has the email", 1),
        (("lifecycle", "--since", "16/11/2026"), "YYYY-MM-DD", 1),
        (("engagement", "import", str(tmp_path)), "is a folder", 2),  # a file that cannot be read
    ):
        result = run_cli(*args, profile=profile)
        assert result.returncode == code
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
