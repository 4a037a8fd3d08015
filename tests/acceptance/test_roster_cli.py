"""The roster, rep and schedule verbs through the real CLI in a subprocess."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from tests.core.roster.org import DATA
from tests.helpers import run_cli


def ok(*args, profile):
    result = run_cli(*args, profile=profile)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_import_dry_run_then_apply_then_reimport(tmp_path):
    profile = tmp_path / "p"
    out = ok("roster", "import", str(DATA / "employees_quirks.csv"), "--dry-run", profile=profile)
    assert "Managers:    7 new, 0 changed, 0 unchanged, 0 leaving" in out
    assert "Dry run: nothing changed" in out
    assert "no active managers" in ok("schedule", profile=profile)

    out = ok("roster", "import", str(DATA / "employees_quirks.csv"), profile=profile)
    assert "Applied." in out
    out = ok("roster", "import", str(DATA / "employees_v2.csv"), profile=profile)
    assert "Managers:    1 new, 3 changed, 3 unchanged, 1 leaving" in out
    assert "Priya Nair <priya.nair@northwind.example>" in out


def test_problem_file_exits_2_and_changes_nothing_unless_skipping(tmp_path):
    profile = tmp_path / "p"
    result = run_cli("roster", "import", str(DATA / "employees_problems.csv"), profile=profile)
    assert result.returncode == 2
    assert "line 5 (Grace Kim): missing email" in result.stdout
    assert "line 7 (Jonas Weber (contractor)): duplicate id E007 (first on line 6)" in result.stdout
    assert "manager not found" in result.stdout and "reporting cycle" in result.stdout
    assert "Nothing was imported" in result.stdout
    assert "no active managers" in ok("schedule", profile=profile)

    dry = run_cli(
        "roster", "import", str(DATA / "employees_problems.csv"), "--dry-run", profile=profile
    )
    assert dry.returncode == 2

    out = ok(
        "roster",
        "import",
        str(DATA / "employees_problems.csv"),
        "--skip-bad-rows",
        profile=profile,
    )
    assert "Applied (5 bad rows skipped)." in out
    assert "Tom Becker" in ok("schedule", profile=profile)


def test_bad_files_exit_2_with_a_clear_message(tmp_path):
    profile = tmp_path / "p"
    missing = run_cli("roster", "import", str(tmp_path / "nope.csv"), profile=profile)
    assert missing.returncode == 2
    assert "no file" in missing.stderr and "Traceback" not in missing.stderr
    unmapped = run_cli(
        "roster", "import", str(DATA / "employees_custom_headers.csv"), profile=profile
    )
    assert unmapped.returncode == 2
    assert "--map" in unmapped.stderr
    bad_map = run_cli(
        "roster", "import", str(DATA / "employees_plain.csv"), "--map", "Boss=manager",
        profile=profile,
    )  # fmt: skip
    assert bad_map.returncode == 2 and "no column 'Boss'" in bad_map.stderr


def test_map_option(tmp_path):
    profile = tmp_path / "p"
    out = ok(
        "roster", "import", str(DATA / "employees_custom_headers.csv"),
        "--map", "Staff Ref=employee_id", "Colleague=name", "Login=email",
        "--map", "Role Name=title", "--map", "Org=department", "--map", "Site=location",
        "--map", "Boss Login=manager_email",
        profile=profile,
    )  # fmt: skip
    assert "Managers:    7 new" in out
    assert "Boss Login -> manager_email" in out


def test_reps_assignment_schedule_and_ics(tmp_path):
    profile = tmp_path / "p"
    ok("roster", "import", str(DATA / "managers_list.csv"), profile=profile)
    ok("rep", "add", "Vera Lind", "vera@hr.example", "--lead", profile=profile)
    ok(
        "rep", "add", "Terry Lane", "terry@hr.example", "--capacity", "80%",
        "--timezone", "Europe/Paris", "--region", "EMEA", profile=profile,
    )  # fmt: skip
    ok("rep", "add", "Rick Tan", "rick@hr.example", "--region", "APAC", profile=profile)
    listing = ok("rep", "list", profile=profile)
    assert listing.splitlines()[0].startswith("Vera Lind <vera@hr.example>: capacity 100%")
    assert "Terry Lane <terry@hr.example>: capacity 80%, Europe/Paris, EMEA" in listing

    bad = run_cli("rep", "add", "X", "not-an-email", profile=profile)
    assert bad.returncode == 1 and "not an email address" in bad.stderr

    proposal = ok("roster", "assign", "--strategy", "blended", profile=profile)
    assert "7 moves, 0 unchanged" in proposal
    assert "unassigned -> Vera Lind" in proposal
    assert "run again with --apply" in proposal
    assert "unassigned" in ok("schedule", profile=profile)

    applied = ok("roster", "assign", "--strategy", "blended", "--apply", profile=profile)
    assert "Applied: 7 managers moved." in applied
    again = ok("roster", "assign", "--strategy", "blended", profile=profile)
    assert "No changes" in again

    mapped = ok(
        "roster", "assign", "--strategy", "department", "--department-rep",
        "Engineering=vera@hr.example", profile=profile,
    )  # fmt: skip
    assert "department Engineering (map)" in mapped

    ok("roster", "reassign", "tom.becker@northwind.example", "rick@hr.example", profile=profile)
    ok("roster", "cadence", "priya.nair@northwind.example", "monthly", profile=profile)
    lines = ok("schedule", profile=profile).splitlines()
    tom = next(line for line in lines if line.startswith("Tom Becker"))
    assert "Rick Tan" in tom and "never met" in tom
    priya = next(line for line in lines if line.startswith("Priya Nair"))
    assert "monthly" in priya
    header = lines[1]
    for column in ("Manager", "Email", "Rep", "Cadence", "Last met", "Next", "Status"):
        assert column in header

    terry = ok("schedule", "--rep", "terry@hr.example", "--month", "2026-05", profile=profile)
    assert terry.startswith("Schedule for May 2026, Terry Lane")
    bad_month = run_cli("schedule", "--month", "May", profile=profile)
    assert bad_month.returncode == 1 and "YYYY-MM" in bad_month.stderr

    workload = ok("roster", "workload", profile=profile)
    assert "Vera Lind: 4 managers" in workload

    ics = tmp_path / "out" / "meetings.ics"
    out = ok("schedule", "--ics", str(ics), profile=profile)
    assert "Wrote 0 planned meetings" in out
    calendar = Calendar.from_ical(ics.read_bytes())
    assert list(calendar.walk("VEVENT")) == []
    assert date.today().year > 2000
