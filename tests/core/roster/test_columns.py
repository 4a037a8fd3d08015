"""Header synonyms and explicit column maps."""

from __future__ import annotations

import pytest

from partnerdesk.core.roster.columns import parse_mapping, resolve_columns
from partnerdesk.core.roster.errors import RosterError
from partnerdesk.core.roster.vocabulary import header_key


def test_common_hris_headers_are_recognised():
    headers = [
        "Employee ID",
        "Full Name",
        "Work Email",
        "Job Title",
        "Division",
        "Location",
        "Country",
        "Reports To",
    ]
    columns = resolve_columns(headers)
    assert columns == {
        "employee_id": 0,
        "name": 1,
        "email": 2,
        "title": 3,
        "department": 4,
        "location": 5,
        "country": 6,
        "manager": 7,
    }


def test_better_synonym_wins_when_a_file_has_two():
    columns = resolve_columns(["Email", "Work Email", "Department", "Team"])
    assert columns["email"] == 1
    assert columns["department"] == 2


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Reports to (Email)", "manager_email"),
        ("Supervisor", "manager"),
        ("Manager Email", "manager_email"),
        ("E-mail", "email"),
        ("Employee #", "employee_id"),
        ("# Direct Reports", "team_size"),
        ("Email - Primary Work", "email"),
        ("Manager's Email", "manager_email"),
        ("Supervisor Email Address", "manager_email"),
        ("Manager's Name", "manager"),
        ("Manager's Employee ID", "manager_id"),
        ("Email (Work)", "email"),
    ],
)
def test_synonyms(header, field):
    assert resolve_columns([header]) == {field: 0}


def test_header_keys_ignore_case_accents_spacing_and_joins():
    assert header_key("  Reports to (Email) ") == header_key("reportsToEmail") == "reportstoemail"
    assert header_key("Employee #") == "employee#"
    assert header_key("Vorgesetzte:r") == "vorgesetzter"
    assert header_key("Prénom") == header_key("PRENOM") == "prenom"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Work Contact: Work Email", "email"),
        ("Legal Name - First Name", "first_name"),
        ("supervisorEId", "manager_id"),
        ("Reports To Position ID", "manager_position"),
        ("Job Title Description", "title"),
        ("Home Department Description", "department"),
        ("FIRSTNAME", "first_name"),
        ("PersonID", "employee_id"),
        ("File Number", "employee_id"),
        ("Vorgesetzte:r", "manager"),
        ("Nachname", "last_name"),
        ("Prénom", "first_name"),
        ("Nom", "last_name"),
        ("Service", "department"),
        ("Responsable", "manager"),
        ("Apellido", "last_name"),
        ("Achternaam", "last_name"),
        ("Preferred Name", "preferred_name"),
        ("Termination Date", "termination_date"),
        ("Probezeitende", "trial_end_date"),
    ],
)
def test_vendor_and_localised_headers(header, field):
    assert resolve_columns([header]) == {field: 0}


def test_explicit_map_wins_and_ignore_drops_a_column():
    headers = ["Email", "Boss", "Team"]
    columns = resolve_columns(headers, {"Boss": "manager_email", "team": "ignore"})
    assert columns == {"email": 0, "manager_email": 1}


def test_map_to_unknown_field_is_refused():
    with pytest.raises(RosterError, match="not a field"):
        resolve_columns(["Email"], {"Email": "e-mail address"})


def test_map_from_missing_column_names_the_columns():
    with pytest.raises(RosterError, match=r"no column 'Boss'.*Email"):
        resolve_columns(["Email"], {"Boss": "manager"})


def test_parse_mapping():
    assert parse_mapping(["Reports to (Email)=manager_email", "Notes="]) == {
        "Reports to (Email)": "manager_email",
        "Notes": "ignore",
    }
    with pytest.raises(RosterError, match="COLUMN=FIELD"):
        parse_mapping(["manager_email"])
