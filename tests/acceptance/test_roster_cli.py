"""The roster, rep and schedule verbs through the real CLI in a subprocess.

Each CLI call unlocks the profile (a key derivation), so set-up that is not under test
is done in-process through the core services, and each test makes a handful of calls.
"""

from __future__ import annotations

from contextlib import contextmanager

from icalendar import Calendar

from partnerdesk.core import clock
from partnerdesk.core.profile import open_profile
from partnerdesk.paths import ProfilePaths
from tests.conftest import TEST_PASSPHRASE
from tests.core.roster.org import DATA
from tests.helpers import run_cli


def ok(*args, profile):
    result = run_cli(*args, profile=profile)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def opened(profile):
    store = open_profile(ProfilePaths(profile), TEST_PASSPHRASE)
    try:
        yield store
    finally:
        store.close()


def manager_count(profile) -> int:
    from partnerdesk.core.schedule import count_active_managers

    with opened(profile) as store:
        return count_active_managers(store)


def test_import_dry_run_then_apply_then_reimport(tmp_path):
    profile = tmp_path / "p"
    out = ok("roster", "import", str(DATA / "employees_quirks.csv"), "--dry-run", profile=profile)
    assert "Managers:    7 new, 0 changed, 0 unchanged, 0 leaving" in out
    assert "Dry run: nothing changed" in out
    assert manager_count(profile) == 0

    assert "Applied." in ok("roster", "import", str(DATA / "employees_quirks.csv"), profile=profile)
    out = ok("roster", "import", str(DATA / "employees_v2.csv"), profile=profile)
    assert "Managers:    1 new, 3 changed, 3 unchanged, 1 leaving" in out
    assert "Tom Becker <tom.becker@northwind.example>: title, tier" in out
    assert "Priya Nair <priya.nair@northwind.example>" in out
    assert manager_count(profile) == 7


def test_problem_file_exits_2_and_changes_nothing_unless_skipping(tmp_path):
    profile = tmp_path / "p"
    result = run_cli("roster", "import", str(DATA / "employees_problems.csv"), profile=profile)
    assert result.returncode == 2
    assert "line 5 (Grace Kim): missing email" in result.stdout
    assert "line 7 (Jonas Weber (contractor)): duplicate id E007 (first on line 6)" in result.stdout
    assert "manager not found" in result.stdout and "reporting cycle" in result.stdout
    assert "Nothing was imported" in result.stdout
    assert manager_count(profile) == 0

    out = ok(
        "roster",
        "import",
        str(DATA / "employees_problems.csv"),
        "--skip-bad-rows",
        profile=profile,
    )
    assert "Applied (5 bad rows skipped)." in out
    assert manager_count(profile) == 3


def test_bad_files_exit_2_with_a_clear_message(tmp_path):
    profile = tmp_path / "p"
    missing = run_cli("roster", "import", str(tmp_path / "nope.csv"), "--dry-run", profile=profile)
    assert missing.returncode == 2
    assert "no file" in missing.stderr and "Traceback" not in missing.stderr
    unmapped = run_cli(
        "roster", "import", str(DATA / "employees_custom_headers.csv"), profile=profile
    )
    assert unmapped.returncode == 2
    assert "no column for email" in unmapped.stderr and "--map" in unmapped.stderr
    doubled = tmp_path / "doubled.csv"
    doubled.write_text("Name,Email,Manager,Email\nAnn Boss,ann@x.example,,ann@y.example\n")
    twins = run_cli("roster", "import", str(doubled), "--dry-run", profile=profile)
    assert twins.returncode == 2 and "two columns named 'Email'" in twins.stderr
    assert "--map" not in twins.stderr  # a mapping by header cannot tell twins apart


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


def test_the_file_may_follow_the_maps(tmp_path):
    out = ok(
        "roster", "import", "--dry-run",
        "--map", "Staff Ref=employee_id", "Colleague=name", "Login=email",
        "Role Name=title", "Boss Login=manager_email",
        str(DATA / "employees_custom_headers.csv"),
        profile=tmp_path / "p",
    )  # fmt: skip
    assert "Managers:    7 new" in out
    nothing = run_cli("roster", "import", "--dry-run", profile=tmp_path / "p")
    assert nothing.returncode == 2 and "give the roster file" in nothing.stderr


def test_reps_assignment_schedule_and_ics(tmp_path):
    from partnerdesk.core.reps import add_rep
    from partnerdesk.core.roster import import_roster

    profile = tmp_path / "p"
    with opened(profile) as store:
        import_roster(store, DATA / "managers_list.csv")
    without_reps = ok("schedule", profile=profile)  # the next step, not an assign that fails
    assert "(add the reps first: partnerdesk rep add NAME EMAIL, then" in without_reps
    with opened(profile) as store:
        add_rep(store, "Vera Lind", "vera@hr.example", is_lead=True)
        add_rep(store, "Rick Tan", "rick@hr.example", region="APAC")
    ok(
        "rep", "add", "Terry Lane", "terry@hr.example", "--capacity", "80%",
        "--timezone", "Europe/Paris", "--region", "EMEA", profile=profile,
    )  # fmt: skip
    listing = ok("rep", "list", profile=profile)
    assert listing.splitlines()[0].startswith("Vera Lind <vera@hr.example>: capacity 100%")
    assert "Terry Lane <terry@hr.example>: capacity 80%, Europe/Paris, EMEA" in listing
    bad = run_cli("rep", "add", "X", "not-an-email", profile=profile)
    assert bad.returncode == 1 and "not an email address" in bad.stderr

    proposal = ok("roster", "assign", "--strategy", "blended", profile=profile)
    assert "7 moves, 0 unchanged" in proposal
    assert "unassigned -> Vera Lind" in proposal
    assert "run again with --apply" in proposal

    applied = ok(
        "roster", "assign", "--strategy", "blended", "--department-rep",
        "Engineering=rick@hr.example", "--apply", profile=profile,
    )  # fmt: skip
    assert "department Engineering (map)" in applied
    assert "Applied: 7 managers moved." in applied

    ok("roster", "reassign", "tom.becker@northwind.example", "rick@hr.example", profile=profile)
    ok("roster", "cadence", "priya.nair@northwind.example", "monthly", profile=profile)
    lines = ok("schedule", profile=profile).splitlines()
    header = lines[1]
    for column in ("Manager", "Email", "Rep", "Cadence", "Last met", "Next", "Status"):
        assert column in header
    tom = next(line for line in lines if line.startswith("Tom Becker"))
    assert "Rick Tan" in tom and "never met" in tom
    priya = next(line for line in lines if line.startswith("Priya Nair"))
    assert "monthly" in priya and "Vera Lind" in priya
    assert lines[-1] == "7 managers: 0 due this month, 0 overdue, 7 never met."

    rick = ok("schedule", "--rep", "rick@hr.example", "--month", "2026-05", profile=profile)
    assert rick.startswith("Schedule for May 2026, Rick Tan")
    assert "Aisha Bello" in rick and "Omar Haddad" not in rick
    bad_month = run_cli("schedule", "--month", "May", profile=profile)
    assert bad_month.returncode == 1 and "YYYY-MM" in bad_month.stderr

    assert "Vera Lind: 4 managers" in ok("roster", "workload", profile=profile)

    from partnerdesk.core.meetings import MeetingService
    from partnerdesk.core.schedule import month_from, schedule

    with opened(profile) as store:
        aisha = next(r for r in schedule(store) if r.name == "Aisha Bello")
        MeetingService(store).plan(aisha.manager_id, clock.month_start(month_from(), 1))
    ics = tmp_path / "out" / "meetings.ics"
    assert "Wrote 1 planned meeting to" in ok("schedule", "--ics", str(ics), profile=profile)
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["People Partner 1:1 with Aisha Bello"]


def test_mass_leave_from_a_broken_file_is_refused_unless_allowed(tmp_path):
    from tests.core.roster.test_import import GOOD_ORG, UNTERMINATED

    profile = tmp_path / "p"
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_ORG)
    bad.write_text(UNTERMINATED)
    ok("roster", "import", str(good), profile=profile)
    refused = run_cli("roster", "import", str(bad), "--skip-bad-rows", profile=profile)
    assert refused.returncode == 2
    assert "line 2 (ann@example.com): unterminated quote: lines 2–6" in refused.stdout
    assert "Nothing was imported: 3 of the 3 active managers would leave" in refused.stdout
    assert manager_count(profile) == 3  # nobody was marked as leaving
    forced = ok(
        "roster", "import", str(bad), "--skip-bad-rows", "--allow-mass-leave", profile=profile
    )
    assert "Applied (1 bad row skipped)." in forced
    assert manager_count(profile) == 0


def test_vendor_workbooks_pdfs_and_remembered_maps(tmp_path):
    from tests.core.roster.exports import BY_KEY, write_export, write_xlsx

    profile = tmp_path / "p"
    path = write_xlsx(BY_KEY["adp"], tmp_path / "adp.xlsx", extra_sheets=("Summary",))
    out = ok("roster", "import", str(path), "--dry-run", profile=profile)
    assert "Read as:     employee export, XLSX workbook, sheet 'Export', 14 data rows" in out
    assert "Shape:       looks like an ADP Workforce Now export" in out
    assert "Staff:       11 staff (1 on leave), 3 leavers (not staff)" in out
    assert "Managers:    5 new" in out
    empty = run_cli("roster", "import", str(path), "--sheet", "Summary", profile=profile)
    assert empty.returncode == 2 and "The sheet 'Summary' of adp.xlsx is empty" in empty.stderr

    pdf = tmp_path / "roster.csv"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    refused = run_cli("roster", "import", str(pdf), profile=profile)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "roster.csv: this is not a CSV or Excel file (it is a PDF document)" in refused.stderr

    gusto = write_export(BY_KEY["gusto"], tmp_path, "csv")
    ok("roster", "import", str(gusto), "--map", "Manager=manager", profile=profile)
    again = ok("roster", "import", str(gusto), "--dry-run", profile=profile)
    assert "Mapping:     the one you confirmed on" in again
    assert "Managers:    0 new, 0 changed, 5 unchanged, 0 leaving" in again
