"""Importing roster files into a real store: both shapes, every quirk, problems, re-import."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import select

from partnerdesk.core.reps import add_rep
from partnerdesk.core.roster import EMPLOYEES, MANAGERS, RosterError, format_report, import_roster
from partnerdesk.core.store.models import Employee, Manager
from tests.core.roster.org import DATA, HEADER, NORTHWIND_MANAGERS, big_org, to_csv

CUSTOM_MAP = {
    "Staff Ref": "employee_id",
    "Colleague": "name",
    "Login": "email",
    "Role Name": "title",
    "Org": "department",
    "Site": "location",
    "Boss Login": "manager_email",
}


def managers(store, *, active_only=True) -> dict[str, Manager]:
    with store.session() as session:
        query = select(Manager).where(Manager.deleted.is_(False))
        if active_only:
            query = query.where(Manager.active.is_(True))
        return {m.email: m for m in session.scalars(query)}


def employees(store) -> list[Employee]:
    with store.session() as session:
        return list(session.scalars(select(Employee)))


def snapshot(store) -> set[tuple]:
    """Every stored manager and employee with its clock stamp."""
    with store.session() as session:
        rows = set()
        for model in (Manager, Employee):
            for row in session.scalars(select(model)):
                rows.add(tuple(sorted((k, repr(v)) for k, v in vars(row).items() if k[0] != "_")))
        return rows


def assert_northwind(store) -> None:
    found = managers(store)
    assert set(found) == set(NORTHWIND_MANAGERS)
    by_id = {m.id: m.email for m in found.values()}
    for email, (tier, team, executive, region) in NORTHWIND_MANAGERS.items():
        manager = found[email]
        assert (manager.tier, manager.team_size, by_id[manager.executive_id]) == (
            tier,
            team,
            executive,
        ), email
        assert manager.region == region, email
    assert found["tom.becker@northwind.example"].reports_to_id == (
        found["omar.haddad@northwind.example"].id
    )
    assert found["maya.chen@northwind.example"].reports_to_id is None


@pytest.mark.parametrize(
    "name",
    [
        "employees_plain.csv",
        "employees_bom_semicolon_crlf.csv",
        "employees_utf16_excel.csv",
        "employees_cp1252.csv",
        "employees_quirks.csv",
    ],
)
def test_every_quirky_export_gives_the_same_managers(store, name):
    report = import_roster(store, DATA / name)
    assert report.ok, format_report(report)
    assert report.applied and report.shape == EMPLOYEES
    assert report.counts.new == 7 and report.people.new == 15
    assert_northwind(store)
    assert len(employees(store)) == 15


def test_names_come_from_first_and_last_name_columns(store):
    import_roster(store, DATA / "employees_bom_semicolon_crlf.csv")
    assert managers(store)["lucia.fernandez@northwind.example"].name == "Lucía Fernández"


def test_mixed_case_emails_are_stored_lower_case(store):
    import_roster(store, DATA / "employees_quirks.csv")
    assert "maya.chen@northwind.example" in managers(store)
    with store.session() as session:
        emails = session.scalars(select(Employee.email)).all()
    assert all(e == e.lower() and e == e.strip() for e in emails)


def test_managers_list_shape(store):
    report = import_roster(store, DATA / "managers_list.csv")
    assert report.ok and report.shape == MANAGERS
    assert report.columns["team_size"] == "Team Size"
    assert_northwind(store)
    assert employees(store) == []


def test_custom_headers_need_a_map(store):
    with pytest.raises(RosterError, match="no column for email"):
        import_roster(store, DATA / "employees_custom_headers.csv")
    assert managers(store) == {}
    report = import_roster(store, DATA / "employees_custom_headers.csv", CUSTOM_MAP)
    assert report.ok
    assert_northwind(store)


def test_file_with_no_manager_or_team_size_column_is_refused(store, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAda,ada@x.io\n", encoding="utf-8")
    with pytest.raises(RosterError, match="Reports To"):
        import_roster(store, path)


def test_dry_run_reports_and_writes_nothing(store):
    report = import_roster(store, DATA / "employees_plain.csv", dry_run=True)
    assert report.dry_run and not report.applied
    assert report.counts.new == 7
    assert managers(store) == {} and employees(store) == []
    assert "Dry run: nothing changed" in format_report(report)


def test_a_file_changed_between_the_dry_run_and_the_import_is_read_again(store, tmp_path):
    """The import reuses its dry run's reading only for the same bytes: the same size and
    modification time do not fool it."""
    path = tmp_path / "people.csv"
    text = (DATA / "employees_plain.csv").read_text("utf-8")
    path.write_text(text, "utf-8")
    stat = path.stat()
    assert import_roster(store, path, dry_run=True).counts.new == 7
    changed = text.replace("Maya Chen", "Nora Chen")
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert import_roster(store, path).applied
    names = {e.name.split()[0] for e in employees(store)}
    assert "Nora" in names and "Maya" not in names


def test_problem_rows_have_line_numbers_and_reasons(store):
    report = import_roster(store, DATA / "employees_problems.csv")
    problems = [(p.line, p.reason) for p in report.problems]
    assert problems == [
        (5, "missing email"),
        (7, "duplicate id E007 (first on line 6)"),
        (8, "manager not found: nobody in the file is 'E099'"),
        (9, "reporting cycle: Ida Park -> Ben Ortiz -> Ida Park"),
        (10, "reporting cycle: Ben Ortiz -> Ida Park -> Ben Ortiz"),
    ]
    assert not report.applied
    assert managers(store) == {} and employees(store) == []
    text = format_report(report)
    assert "line 5 (Grace Kim): missing email" in text
    assert "--skip-bad-rows" in text


def test_skip_bad_rows_imports_the_rest(store):
    report = import_roster(store, DATA / "employees_problems.csv", skip_bad_rows=True)
    assert report.applied and report.skipped_lines == 5
    found = managers(store)
    assert set(found) == {
        "maya.chen@northwind.example",
        "omar.haddad@northwind.example",
        "tom.becker@northwind.example",
    }
    assert found["tom.becker@northwind.example"].team_size == 1
    assert len(employees(store)) == 5
    assert any("Zoe Lang" in w for w in report.warnings)


def test_reimport_updates_by_id_then_email_and_retires_leavers(store):
    import_roster(store, DATA / "employees_plain.csv")
    rep = add_rep(store, "Terry Lane", "terry@hr.example")
    priya = managers(store)["priya.nair@northwind.example"]
    with store.transaction() as session:
        session.get(Manager, priya.id).rep_id = rep.id
        session.get(Manager, priya.id).cadence_pref = "quarterly"

    report = import_roster(store, DATA / "employees_v2.csv")
    assert report.applied
    assert [c.email for c in report.new] == ["grace.kim@northwind.example"]
    assert [c.email for c in report.leaving] == ["priya.nair@northwind.example"]
    changed = {c.email: c.fields for c in report.changed}
    assert set(changed["tom.becker@northwind.example"]) == {"title", "tier"}
    assert "email" in changed["aisha.bello-smith@northwind.example"]
    assert "executive_id" in changed["hannah.muller@northwind.example"]
    assert report.people.new == 1 and report.people.leaving == 1

    everyone = managers(store, active_only=False)
    assert len(everyone) == 8  # nobody duplicated: Aisha was matched by her id
    assert "aisha.bello@northwind.example" not in everyone
    leaver = everyone["priya.nair@northwind.example"]
    assert not leaver.active and leaver.id == priya.id
    assert leaver.rep_id == rep.id and leaver.cadence_pref == "quarterly"
    assert everyone["tom.becker@northwind.example"].tier == "Senior Director"

    back = import_roster(store, DATA / "employees_plain.csv")
    assert [c.email for c in back.changed if c.fields == ("active",)] == [
        "priya.nair@northwind.example"
    ] or any(c.email == "priya.nair@northwind.example" for c in back.changed)
    assert managers(store)["priya.nair@northwind.example"].rep_id == rep.id


def test_reimporting_the_same_file_changes_nothing(store):
    import_roster(store, DATA / "employees_quirks.csv")
    before = snapshot(store)
    report = import_roster(store, DATA / "employees_quirks.csv")
    assert report.counts.describe() == "0 new, 0 changed, 7 unchanged, 0 leaving"
    assert report.people.describe() == "0 new, 0 changed, 15 unchanged, 0 leaving"
    assert snapshot(store) == before


def test_a_few_thousand_rows(store, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(to_csv(big_org(3000), HEADER, delimiter=";", line_end="\r\n"), "utf-8")
    report = import_roster(store, path)
    assert report.ok and report.applied
    assert report.people.new == 3000
    assert report.counts.new == 500  # ceil(2999 / 6) managers with span 6
    found = managers(store)
    ceo = next(m for m in found.values() if m.employee_id == "P00000")
    assert sum(m.team_size for m in found.values()) == 2999
    assert all(m.executive_id for m in found.values())
    assert ceo.executive_id == ceo.id and ceo.tier == "Executive"
    again = import_roster(store, path, dry_run=True)
    assert again.counts.unchanged == 500 and again.people.unchanged == 3000


def test_import_runs_in_batches_not_per_row(store, tmp_path):
    """10x the people must not cost anywhere near 10x the statements."""
    from sqlalchemy import event

    counts = []
    for size, prefix in ((200, "A"), (2000, "B")):
        path = tmp_path / f"org{size}.csv"
        path.write_text(to_csv(big_org(size, prefix=prefix)), "utf-8")
        statements = []

        def count(*_args, statements=statements):
            statements.append(1)

        event.listen(store.engine, "before_cursor_execute", count)
        try:
            import_roster(store, path)
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[1] < counts[0] * 3, counts


def test_reading_time_is_reported_nowhere_but_import_is_quick_enough_to_use(store):
    """Sanity only (real timing lives in tests/bench): a 15-row file imports at once."""
    start = time.perf_counter()
    import_roster(store, DATA / "employees_plain.csv")
    assert time.perf_counter() - start < 30


def test_excel_sep_hint_and_a_title_line_above_the_header(store):
    report = import_roster(store, DATA / "employees_excel_sep_title.csv")
    assert report.ok, format_report(report)
    assert report.delimiter == "semicolon"
    assert report.columns == {
        "employee_id": "Worker ID",
        "name": "Name",
        "email": "E-mail",
        "title": "Title",
        "manager": "Supervisor",
    }
    found = managers(store)
    assert set(found) == {"ada@acme.example", "bo@acme.example"}
    assert found["bo@acme.example"].reports_to_id == found["ada@acme.example"].id


GOOD_ORG = """Employee ID,Name,Email,Title,Reports To
1,Ann Boss,ann@example.com,CEO,
2,Bob Mid,bob@example.com,VP,ann@example.com
3,Cat Low,cat@example.com,Lead,bob@example.com
4,Dan Low,dan@example.com,Engineer,cat@example.com
5,Eve Low,eve@example.com,Engineer,ann@example.com
"""
# Ann's title opens a quote that is never closed: lines 2-6 run together into one field.
UNTERMINATED = GOOD_ORG.replace("CEO,\n", '"CEO,\n', 1)


def test_unterminated_quote_is_a_problem_row_and_mass_leave_is_refused(store, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_ORG)
    bad.write_text(UNTERMINATED)
    assert import_roster(store, good).applied and len(managers(store)) == 3
    before = snapshot(store)

    report = import_roster(store, bad, skip_bad_rows=True)
    (problem,) = report.problems
    assert (problem.line, problem.who) == (2, "ann@example.com")
    assert problem.reason.startswith("unterminated quote: lines 2–6 run together")
    assert report.counts.leaving == 3 and not report.applied
    assert "3 of the 3 active managers would leave" in report.mass_leave
    text = format_report(report)
    assert "Nothing was imported: 3 of the 3" in text and "--allow-mass-leave" in text
    assert "separated, 1 data row\n" in text
    assert snapshot(store) == before  # nothing changed

    forced = import_roster(store, bad, skip_bad_rows=True, allow_mass_leave=True)
    assert forced.applied and managers(store) == {}


def test_a_row_wider_than_the_header_is_a_problem_row(store, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(GOOD_ORG.replace("Engineer,cat@example.com", "Eng,extra,cat@example.com"))
    report = import_roster(store, path, dry_run=True)
    assert [str(p) for p in report.problems] == [
        "line 5 (dan@example.com): row has 6 columns, the header has 5"
    ]


def test_a_few_managers_leaving_is_applied(store, tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(GOOD_ORG)
    import_roster(store, path)
    path.write_text(GOOD_ORG.replace("Engineer,cat@example.com", "Engineer,bob@example.com"))
    report = import_roster(store, path)  # Cat no longer manages anyone: 1 of 3 leaves
    assert report.applied and not report.mass_leave and report.counts.leaving == 1


def test_a_managers_list_naming_its_people_manager_name_and_email(store, tmp_path):
    path = tmp_path / "managers.csv"
    path.write_text(
        "Manager Name,Manager Email,Department,Direct Reports,Reports To,Status\n"
        "Ann Boss,ann@x.example,Exec,3,,Active\n"
        "Bob Low,bob@x.example,Sales,5,ann@x.example,Active\n"
        "Cy Gone,cy@x.example,Sales,2,ann@x.example,Terminated\n",
        encoding="utf-8",
    )
    report = import_roster(store, path)
    assert report.applied and report.shape == MANAGERS
    assert report.columns == {
        "name": "Manager Name", "email": "Manager Email", "department": "Department",
        "team_size": "Direct Reports", "manager": "Reports To", "status": "Status",
    }  # fmt: skip
    assert [(c.name, c.email) for c in report.new] == [
        ("Ann Boss", "ann@x.example"), ("Bob Low", "bob@x.example"),
    ]  # fmt: skip


def test_a_manager_email_beside_the_rows_own_names_is_not_taken_as_theirs(store, tmp_path):
    """First and last names, a team size and "Manager Email": the email may as well be
    each row's boss, so it is not read as the row's own (every manager would get their
    boss's address); the file asks for its email column instead."""
    path = tmp_path / "managers.csv"
    path.write_text(
        "First Name,Last Name,Manager Email,Team Size\n"
        "Ana,Lee,ceo@x.example,4\n"
        "Cy,Diaz,ana@x.example,3\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError, match="no column for email"):
        import_roster(store, path, dry_run=True)
