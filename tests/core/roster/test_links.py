"""Manager links by id, position, email and name: middle names, "Last, First", accents."""

from __future__ import annotations

from partnerdesk.core.roster import import_roster
from partnerdesk.core.roster.names import NameIndex

HEADER = "Employee ID,First Name,Last Name,Email,Title,Manager\n"


def _dry_run(store, path, text: str):
    """A dry run of ``text`` written to ``path`` (UTF-8)."""
    path.write_text(text, encoding="utf-8")
    return import_roster(store, path, dry_run=True)


def test_name_index_forms():
    index: NameIndex[str] = NameIndex()
    index.add("gabriel", "Gabriel Alan Jones")
    index.add("lucia", "Lucía Fernández")
    assert index.find("Jones, Gabriel A.") == ["gabriel"]
    assert index.find("GABRIEL JONES") == ["gabriel"]
    assert index.find("Fernandez, Lucia") == ["lucia"]
    assert index.find("Gabriel Smith") == []


def test_names_link_through_middle_initials_and_last_first(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "org.csv",
        HEADER
        + "1,Gabriel,Jones,gabriel@x.example,CEO,NO_MGR\n"
        + '2,Lucía,Fernández,lucia@x.example,VP,"Jones, Gabriel A."\n'
        + "3,Kenji,Sato,kenji@x.example,Engineer,fernandez lucia\n"
        + "4,Ann,Self,ann@x.example,Engineer,4\n",
    )
    assert report.ok, [str(p) for p in report.problems]
    assert {c.email for c in report.new} == {"gabriel@x.example", "lucia@x.example"}


def test_an_ambiguous_name_names_the_candidates(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "org.csv",
        HEADER
        + "1,John,Smith,john.smith@x.example,CEO,\n"
        + "2,John,Smith,jsmith@x.example,CFO,1\n"
        + "3,Ada,Low,ada@x.example,Engineer,John Smith\n",
    )
    (problem,) = report.problems
    assert problem.line == 4
    assert problem.reason == (
        "manager 'John Smith' is ambiguous: it could be John Smith <john.smith@x.example> "
        "(line 2) or John Smith <jsmith@x.example> (line 3); give the manager's email or "
        "id instead"
    )


def test_a_manager_who_left_is_no_manager_and_their_reports_are_told(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "org.csv",
        "Employee ID,Name,Email,Title,Manager ID,Status\n"
        "1,Ann Boss,ann@x.example,CEO,,Active\n"
        "2,Old Boss,old@x.example,Director,1,Terminated\n"
        "3,Bob Low,bob@x.example,Engineer,2,Active\n",
    )
    assert report.ok and [c.email for c in report.new] == []
    assert "report to someone who has left" in report.warnings[0]


def test_a_leaver_sharing_a_name_does_not_make_the_link_ambiguous(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "org.csv",
        "Employee ID,Name,Email,Title,Manager,Status\n"
        "1,Ann Boss,ann@x.example,CEO,,Active\n"
        "2,John Smith,john.smith@x.example,Director,Ann Boss,Active\n"
        "3,John Smith,jsmith@x.example,Engineer,Ann Boss,Terminated\n"
        '4,Ada Low,ada@x.example,Engineer,"Smith, John",On Leave\n',
    )
    assert report.ok, [str(p) for p in report.problems]
    assert {c.email for c in report.new} == {"ann@x.example", "john.smith@x.example"}


def test_workers_written_with_their_id_link_and_keep_their_plain_name(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "workday.csv",
        "Employee ID,Worker,Legal Name - First Name,Legal Name - Last Name,"
        "Email - Primary Work,Manager\n"
        "E100,Maya Chen (E100),Maya,Chen,maya@x.example,\n"
        "E101,Omar Haddad (E101),Omar,Haddad,omar@x.example,Maya Chen (E100)\n"
        "E104,Grace Kim (E104),Grace,Kim,grace@x.example,Omar Haddad (E101)\n",
    )
    assert report.ok, [str(p) for p in report.problems]
    assert [c.name for c in report.new] == ["Maya Chen", "Omar Haddad"]


def test_a_dutch_surname_prefix_is_part_of_the_name(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "nl.csv",
        "Personeelsnummer;Voornaam;Tussenvoegsel;Achternaam;E-mailadres;Leidinggevende\n"
        "1;Jan;van den;Berg;jan@x.example;\n"
        "2;Anna;de;Vries;anna@x.example;Jan van den Berg\n"
        "3;Piet;;Jansen;piet@x.example;Anna de Vries\n"
        "4;Kees;van;van Dijk;kees@x.example;Piet Jansen\n"  # the surname has it already
        "5;Els;;Smit;els@x.example;Kees van Dijk\n",
    )
    assert report.ok, [str(p) for p in report.problems]
    assert [c.name for c in report.new] == [
        "Anna de Vries", "Jan van den Berg", "Kees van Dijk", "Piet Jansen",
    ]  # fmt: skip


def test_a_preferred_name_beside_a_last_first_payroll_name(store, tmp_path):
    report = _dry_run(
        store,
        tmp_path / "adp.csv",
        "Associate ID,Payroll Name,Preferred Name,Work Contact: Work Email,Reports To Name\n"
        'A1,"Jones, Gabriel",Gabe,gabriel@x.example,\n'
        'A2,"Kim, Grace",,grace@x.example,"Jones, Gabriel"\n',
    )
    assert report.ok, [str(p) for p in report.problems]
    assert [c.name for c in report.new] == ["Gabe Jones"]
