"""Every vendor's export (CSV and XLSX) gives the same active managers, names and teams."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.roster import format_report, import_roster
from partnerdesk.core.store.models import Employee, Manager
from tests.core.roster.exports import BY_KEY, TEAMS, TRIAL_END, VENDORS, write_export

KINDS = ("csv", "xlsx")


@pytest.fixture(autouse=True)
def pinned_clock():
    from datetime import UTC, datetime

    clock.set_now(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    yield
    clock.set_now(None)


def stored(store, model):
    with store.session() as session:
        return {r.email: r for r in session.scalars(select(model).where(model.deleted.is_(False)))}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("vendor", VENDORS, ids=[v.key for v in VENDORS])
def test_each_export_imports_every_active_manager(store, tmp_path, vendor, kind):
    path = write_export(vendor, tmp_path, kind)
    report = import_roster(store, path)
    text = format_report(report)
    assert report.ok and report.applied, text
    if vendor.name:
        article = "an" if vendor.name.startswith(("A", "SAP")) else "a"
        assert f"looks like {article} {vendor.name} export" in text
    if vendor.language:
        assert f"{vendor.language} headers" in text
    managers = {e: m for e, m in stored(store, Manager).items() if m.active}
    assert {e: m.team_size for e, m in managers.items()} == TEAMS, text
    assert {e: m.name for e, m in managers.items()} == vendor.expected_names()
    people = stored(store, Employee)
    grace = people["grace.kim@northwind.example"]
    assert grace.active and grace.status == ("leave" if vendor.has_leave else "active")
    for leaver in ("sofia.rossi", "peter.olsen", "tara.quinn"):
        person = people[f"{leaver}@northwind.example"]
        assert person.status == "terminated" and not person.active, leaver
    on_leave = " (1 on leave)" if vendor.has_leave else ""
    assert f"Staff:       11 staff{on_leave}, 3 leavers (not staff)" in text
    assert people["aisha.bello@northwind.example"].hire_date == date(2020, 11, 30)
    if "termination" in " ".join(h.lower() for h in vendor.headers()):
        assert people["peter.olsen@northwind.example"].termination_date == date(2024, 12, 13)
    maya = managers["maya.chen@northwind.example"]
    assert maya.reports_to_id is None and maya.executive_id == maya.id


def test_probation_end_is_kept(store, tmp_path):
    import_roster(store, write_export(BY_KEY["personio"], tmp_path, "xlsx"))
    assert stored(store, Employee)["noor.rahman@northwind.example"].trial_end_date == TRIAL_END


def test_the_dry_run_states_how_ambiguous_dates_were_read(store, tmp_path):
    report = import_roster(store, write_export(BY_KEY["hibob"], tmp_path, "csv"), dry_run=True)
    assert any(
        n.startswith("Dates read as day/month/year (") and "can only be day first" in n
        for n in report.notes
    )


def test_a_workbook_with_a_merged_title_and_several_sheets(store, tmp_path):
    from tests.core.roster.exports import write_xlsx

    path = write_xlsx(
        BY_KEY["workday"], tmp_path / "report.xlsx", title="All Workers (as of today)",
        extra_sheets=("Notes",),
    )  # fmt: skip
    report = import_roster(store, path)
    assert report.applied and report.read_as == "XLSX workbook, sheet 'Export'"
    assert {e for e, m in stored(store, Manager).items() if m.active} == set(TEAMS)


def test_an_opendocument_spreadsheet(store, tmp_path):
    from tests.core.roster.exports import write_ods

    report = import_roster(store, write_ods(BY_KEY["personio"], tmp_path / "personio.ods"))
    assert report.applied and report.read_as == "ODS workbook, sheet 'People'"
    assert report.looks_like == "looks like a Personio export, German headers"
    assert {e: m.team_size for e, m in stored(store, Manager).items() if m.active} == TEAMS


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.key)
def test_an_old_excel_workbook_imports_as_the_xlsx_one(store, tmp_path, vendor):
    from tests.core.roster.exports import write_xls

    xls = write_xls(vendor, tmp_path / f"{vendor.key}.xls")
    xlsx = write_export(vendor, tmp_path, "xlsx")
    first = import_roster(store, xls, dry_run=True)
    second = import_roster(store, xlsx, dry_run=True)
    assert first.read_as == "XLS workbook, sheet 'Export'"
    for attribute in ("columns", "problems", "warnings", "notes", "vendor", "people", "new"):
        assert getattr(first, attribute) == getattr(second, attribute), attribute
    assert import_roster(store, xlsx).applied
    again = import_roster(store, xls)  # the same people, read from the XLS: nothing to change
    assert again.applied and (again.people.new, again.people.changed) == (0, 0)
    assert (len(again.new), len(again.changed), len(again.leaving)) == (0, 0, 0)


def test_a_french_export_with_undecided_slashed_dates_reads_them_day_first(store, tmp_path):
    path = tmp_path / "fr.csv"
    path.write_text(
        "Matricule;Prénom;Nom;E-mail professionnel;Service;Responsable;Statut;Date de sortie\n"
        "1;Anne;Boss;anne@x.example;Direction;;Actif;\n"
        "2;Jean;Dupont;jean@x.example;Ventes;Anne Boss;Actif;\n"
        "3;Paul;Martin;paul@x.example;Ventes;Jean Dupont;Actif;10/12/2026\n",
        encoding="utf-8",
    )
    report = import_roster(store, path, dry_run=True)  # 4 Dec 2026: Paul leaves on the 10th
    assert report.staff == 3 and report.leavers == 0
    assert "Dates read as day/month/year" in report.notes[0]


def test_a_cover_sheet_before_the_people_is_passed_over(store, tmp_path):
    from openpyxl import Workbook

    vendor = BY_KEY["personio"]
    book = Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["Mitarbeiterliste, Export vom 01.12.2026"])
    people = book.create_sheet("Mitarbeiter")
    people.append(vendor.headers())
    for row in vendor.rows():
        people.append(row)
    book.save(tmp_path / "personio.xlsx")
    report = import_roster(store, tmp_path / "personio.xlsx", dry_run=True)
    assert report.read_as == "XLSX workbook, sheet 'Mitarbeiter'"
    assert {c.email for c in report.new} == set(TEAMS)


def test_a_leaver_either_status_column_names_is_a_leaver(store, tmp_path):
    path = tmp_path / "bamboohr.csv"
    path.write_text(
        "employeeNumber,firstName,lastName,workEmail,jobTitle,supervisorEId,status,"
        "employmentStatus\n"
        "1,Ann,Boss,ann@x.example,CEO,,Active,Full-Time\n"
        "2,Old,Boss,old@x.example,Director,1,Inactive,Full-Time\n"
        "3,Bob,Low,bob@x.example,Engineer,2,Active,Leave of Absence\n"
        "4,Cy,Low,cy@x.example,Engineer,1,Active,Part-Time\n",
        encoding="utf-8",
    )
    report = import_roster(store, path, dry_run=True)
    assert (report.staff, report.on_leave, report.leavers) == (3, 1, 1)
    assert [c.email for c in report.new] == ["ann@x.example"]  # Old Boss has left
    assert "status -> status, employmentStatus -> status" in format_report(report)
    ignored = import_roster(store, path, {"status": "ignore"}, dry_run=True)
    assert (ignored.staff, ignored.leavers) == (4, 0)  # a column mapped to ignore is ignored


def test_a_status_with_more_words_is_read_by_its_first_words(store, tmp_path):
    path = tmp_path / "hris.csv"
    path.write_text(
        "Employee ID,Name,Email,Manager ID,Employee Status\n"
        "1,Ann Boss,ann@x.example,,A - Active\n"
        "2,Old Boss,old@x.example,1,Terminated - Voluntary\n"
        "3,Bob Low,bob@x.example,1,Leave of Absence - Paid\n"
        "4,Cy Low,cy@x.example,2,Active Full-Time\n"
        "5,Di Low,di@x.example,1,Pending Transfer\n",
        encoding="utf-8",
    )
    report = import_roster(store, path, dry_run=True)
    assert (report.staff, report.on_leave, report.leavers) == (4, 1, 1)
    assert "Employment status read by its first words: 'A - Active' as active, " in (
        " ".join(report.notes)
    )
    assert "'Terminated - Voluntary' as left" in " ".join(report.notes)
    assert "'Pending Transfer' (1) is not known" in report.warnings[0]


def test_a_rehire_is_staff_and_a_past_leaving_date_ends_a_leave(store, tmp_path):
    path = tmp_path / "hris.csv"
    path.write_text(
        "Employee ID,Name,Email,Manager ID,Status,Hire Date,Termination Date\n"
        "1,Ann Boss,ann@x.example,,Active,2015-01-05,\n"
        "2,Re Hire,rehire@x.example,1,Active,2025-03-01,2022-06-30\n"  # back since March
        "3,Gone Now,gone@x.example,1,On Leave,2019-01-01,2026-10-31\n"  # left after a leave
        "4,Bob Low,bob@x.example,2,Active,2020-01-01,\n",
        encoding="utf-8",
    )
    report = import_roster(store, path, dry_run=True)
    assert (report.staff, report.on_leave, report.leavers) == (3, 0, 1)
    assert {c.email for c in report.new} == {"ann@x.example", "rehire@x.example"}


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Baja médica", "leave"),
        ("Baja por maternidad", "leave"),
        ("No Pay Leave", "leave"),
        ("No Pay Leave - Medical", "leave"),
        ("Full Time - Terminated", "terminated"),
        ("Part Time (Terminated)", "terminated"),
        ("L - Layoff", "terminated"),
        ("T - Terminated", "terminated"),
        ("A - Active", "active"),
        ("Active - Notice Given", "active"),
        ("Leave Pending", "leave"),
        ("I-9 Pending", None),
        ("T - Temporary", None),
    ],
)
def test_a_status_code_or_a_shared_first_word_decides_nothing_alone(value, status):
    """A leading code ("T", "I", "L", "No") is not the status of the words after it, and
    a later "Terminated" outweighs a working pattern: a person on sick leave is not made a
    leaver, a temp is not made a leaver, a terminated part-timer is not staff."""
    from partnerdesk.core.roster.vocabulary import vocabulary

    vocab = vocabulary()
    assert (vocab.status_of(value) or vocab.status_by_words(value)) == status
