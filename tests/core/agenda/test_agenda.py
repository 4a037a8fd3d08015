"""The agenda service: create, edit, reorder, publish (lead only), files in and out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partnerdesk.core.agenda import (
    AgendaError,
    AgendaFileError,
    AgendaService,
    ItemData,
    parse_audience,
    read_agenda_file,
    render_agenda,
)
from partnerdesk.core.store.models import Agenda, AgendaItem
from partnerdesk.paths import resource_path
from tests.core.meetings.data import make_org

SAMPLE = resource_path("agendas", "2026-05.toml")


@pytest.fixture
def service(store) -> AgendaService:
    return AgendaService(store)


def _row_counts(store) -> tuple[int, int]:
    with store.session() as session:
        agendas = len(session.scalars(select(Agenda)).all())
        items = len(session.scalars(select(AgendaItem)).all())
    return agendas, items


def test_sample_may_agenda_has_the_seed_items(service):
    doc = service.import_file(SAMPLE)
    assert doc.month == "2026-05" and doc.status == "draft"
    assert doc.section_names() == ["Feedback", "Priorities this month", "Reminders", "Team health"]
    texts = [item.text for item in doc.items]
    assert texts[0] == "Feedback on the most recent All-hands"
    brand = next(i for i in doc.items if i.text.startswith("Brand refresh"))
    assert brand.item_date == date(2026, 5, 15)
    assert brand.prompts[0] == "What will your team need to be ready for the brand refresh?"
    cs = next(i for i in doc.items if i.audience_kind == "department")
    assert cs.audience_value == "Customer Success"
    assert doc.minutes_for("Priorities this month") == 15


def test_create_from_template_then_from_previous_month(service):
    june = service.create("2026-06", start_from="template")
    assert june.section_names()[:3] == ["Feedback", "Priorities this month", "Reminders"]
    assert june.title == "People Partner agenda for June 2026"
    june.add_section("Brand refresh follow-up", minutes=5)
    june.add_item(
        ItemData(
            "Brand refresh follow-up",
            "Brand refresh retro on the 10th",
            item_date=date(2026, 6, 10),
            audience_kind="tier",
            audience_value="VP",
            prompts=["What worked and what didn't about the brand refresh?"],
        )
    )
    service.save(june)
    july = service.create("2026-07")  # from the previous month by default
    assert july.sections == service.get("2026-06").sections
    copied = july.items_in("Brand refresh follow-up")[0]
    assert copied.text == "Brand refresh retro on the 10th"
    assert copied.item_date is None  # a date belongs to its month
    assert (copied.audience_kind, copied.audience_value) == ("tier", "VP")
    assert copied.id != june.items_in("Brand refresh follow-up")[0].id
    with pytest.raises(AgendaError, match="already has an agenda"):
        service.create("2026-07")


def test_first_month_from_previous_falls_back_to_the_template(service):
    doc = service.create("2026-01")
    assert "Team health" in doc.section_names()


def test_reorder_items_and_sections_survive_a_save(service):
    doc = service.import_file(SAMPLE)
    priorities = doc.items_in("Priorities this month")
    last = priorities[-1]
    doc.move_item(last, -10)
    doc.move_section("Reminders", -2)
    doc.set_section_minutes("Reminders", 3)
    saved = service.save(doc)
    assert saved.section_names()[0] == "Reminders"
    assert saved.minutes_for("Reminders") == 3
    assert saved.items_in("Priorities this month")[0].text == last.text
    assert saved.items[0].section == "Reminders"


def test_a_new_section_order_alone_is_saved(service):
    doc = service.import_file(SAMPLE)
    doc.move_section("Team health", -3)
    assert service.save(doc).section_names()[0] == "Team health"
    assert service.get("2026-05").section_names()[0] == "Team health"


def test_removed_items_are_tombstoned_not_deleted(service, store):
    doc = service.import_file(SAMPLE)
    gone = doc.items[0]
    doc.remove_item(gone)
    service.save(doc)
    with store.session() as session:
        row = session.get(AgendaItem, gone.id)
    assert row is not None and row.deleted
    assert gone.text not in [i.text for i in service.get("2026-05").items]


def test_rename_and_remove_section(service):
    doc = service.import_file(SAMPLE)
    doc.rename_section("Reminders", "Nudges")
    with pytest.raises(AgendaError, match="already a section"):
        doc.rename_section("Nudges", "Feedback")
    doc.remove_section("Team health")
    saved = service.save(doc)
    assert "Nudges" in saved.section_names() and "Team health" not in saved.section_names()
    assert saved.items_in("Nudges")[0].text.startswith("Remind your team")


def test_only_the_hr_lead_publishes(service, store):
    org = make_org(store)
    service.import_file(SAMPLE)
    with pytest.raises(AgendaError, match="Terry Moss is not the HR lead"):
        service.publish("2026-05", org.rep)
    with pytest.raises(AgendaError, match="choose who you are"):
        service.publish("2026-05", None)
    assert service.get("2026-05").status == "draft"
    doc = service.publish("2026-05", org.lead)
    assert doc.is_published and doc.published_at is not None
    assert doc.author_rep_id == org.lead
    assert service.months() == [("2026-05", "published")]


def test_a_published_agenda_changes_only_by_the_lead(service, store):
    org = make_org(store)
    service.import_file(SAMPLE)
    doc = service.publish("2026-05", org.lead)
    doc.items[0].text = "Changed by a rep"
    with pytest.raises(AgendaError, match="not the HR lead"):
        service.save(doc, rep_id=org.rep)
    service.save(doc, rep_id=org.lead)
    assert service.get("2026-05").items[0].text == "Changed by a rep"
    assert service.get("2026-05").is_published


def test_empty_agenda_cannot_be_published(service, store):
    org = make_org(store)
    service.create("2026-08", start_from="empty")
    with pytest.raises(AgendaError, match="no items"):
        service.publish("2026-08", org.lead)


def test_export_import_round_trip(service, tmp_path, store):
    org = make_org(store)
    original = service.import_file(SAMPLE)
    service.publish("2026-05", org.lead)
    out = tmp_path / "may.toml"
    service.export_file("2026-05", out)
    text = out.read_text("utf-8")
    assert 'audience = "department: Customer Success"' in text
    assert "date = 2026-05-15" in text
    parsed = read_agenda_file(out)
    assert parsed.sections == original.sections
    strip = [
        (i.section, i.text, i.item_date, i.audience_kind, i.audience_value, i.prompts)
        for i in parsed.items
    ]
    assert strip == [
        (i.section, i.text, i.item_date, i.audience_kind, i.audience_value, i.prompts)
        for i in original.items
    ]
    assert render_agenda(parsed).splitlines()[3:] == text.splitlines()[3:]


def test_import_into_a_published_month_needs_replace(service, store, tmp_path):
    org = make_org(store)
    service.import_file(SAMPLE)
    service.publish("2026-05", org.lead)
    before = _row_counts(store)
    with pytest.raises(AgendaError, match="already published; nothing was imported"):
        service.import_file(SAMPLE)
    assert _row_counts(store) == before
    doc = service.import_file(SAMPLE, replace_existing=True)
    assert doc.status == "draft" and len(doc.items) == 7


def test_reimporting_a_draft_replaces_its_items(service):
    service.import_file(SAMPLE)
    doc = service.import_file(SAMPLE)
    assert len(doc.items) == 7
    assert len(service.months()) == 1


MALFORMED = [
    ("month = 2026-05\n", "is not a valid agenda file"),
    ('month = "May"\n', 'write the month as "YYYY-MM"'),
    ('month = "2026-05"\n[[sections]]\nminutes = 5\n', "needs a name"),
    ('month = "2026-05"\n[[sections]]\nname = "A"\nminutes = "ten"\n', "whole number"),
    (
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\ndate = 2026-05-01\n',
        "needs text",
    ),
    (
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\ntext = "x"\n'
        'audience = "dept Sales"\n',
        "audience",
    ),
    (
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\ntext = "x"\n'
        'date = "15th"\n',
        "YYYY-MM-DD",
    ),
    (
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\ntext = "x"\n'
        'prompts = "y"\n',
        "prompts must be a list",
    ),
    (
        'month = "2026-05"\n[[sections]]\nname = "A"\n[[sections.items]]\ntext = "x"\nwho = "y"\n',
        "unknown field",
    ),
    ('month = "2026-05"\n[[sections]]\nname = "A"\n[[sections]]\nname = "A"\n', "already appears"),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_agenda_file_changes_nothing(service, store, tmp_path, content, message):
    service.import_file(SAMPLE)
    before = _row_counts(store)
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(AgendaFileError, match=message) as caught:
        service.import_file(bad)
    assert "nothing was imported" in str(caught.value)
    assert _row_counts(store) == before


def test_missing_and_binary_files(service, tmp_path):
    with pytest.raises(AgendaFileError, match="does not exist"):
        service.import_file(tmp_path / "nope.toml")
    binary = tmp_path / "x.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(AgendaFileError, match="UTF-8"):
        service.import_file(binary)


def test_export_of_a_missing_month_and_an_unwritable_place(service, tmp_path):
    with pytest.raises(AgendaError, match="no agenda to export"):
        service.export_file("2026-05", tmp_path / "x.toml")
    service.import_file(SAMPLE)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AgendaError, match="Cannot write"):
        service.export_file("2026-05", blocker / "x.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", ("all", "")),
        ("", ("all", "")),
        ("department: Customer Success", ("department", "Customer Success")),
        ("Tier: VP,  Senior Director", ("tier", "VP, Senior Director")),
    ],
)
def test_parse_audience(text, expected):
    assert parse_audience(text) == expected


def test_audience_matching():
    item = ItemData("S", "t", audience_kind="tier", audience_value="VP, Senior Director")
    assert item.applies_to("Engineering", "vp")
    assert item.applies_to("Sales", "Senior Director")
    assert not item.applies_to("Sales", "Manager")
    dept = ItemData("S", "t", audience_kind="department", audience_value="Customer Success")
    assert dept.applies_to("customer success", "Manager")
    assert not dept.applies_to("Engineering", "Manager")
    assert ItemData("S", "t").applies_to("", "")


def test_bad_month_is_refused(service):
    with pytest.raises(AgendaError, match="YYYY-MM"):
        service.create("2026-13")
