"""The monthly HR agenda: create, edit, reorder, publish, and read/write agenda files.

An agenda belongs to a month (``YYYY-MM``). Its sections are kept, in order, as the keys
of ``Agenda.section_minutes`` (the value is the section's optional time budget in
minutes, 0 for none); items are ``AgendaItem`` rows ordered by section, then position.
A draft stays on this device; a published agenda is what every rep's meeting view
uses, and only the HR lead (``Rep.is_lead``) publishes (sync carries published agendas
and accepts them from the lead's devices only).

Agenda files are TOML, one ``[[sections]]`` block per section with its
``[[sections.items]]`` (see ``resources/agendas/2026-05.toml``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from partnerdesk.core.clock import MONTH_NAMES, utcnow
from partnerdesk.core.files import InputFileError, read_toml
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import Agenda, AgendaItem, Manager, Rep
from partnerdesk.core.tomltext import toml_string, toml_string_array
from partnerdesk.paths import resource_path

AUDIENCE_KINDS = ("all", "department", "tier")
DRAFT, PUBLISHED = "draft", "published"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class AgendaError(StoreError):
    """An agenda action that cannot be done; the message says what to do instead."""


class AgendaFileError(AgendaError, InputFileError):
    """An agenda file that cannot be imported; lists every problem with its place."""


def check_month(month: str) -> str:
    """``month`` when it is ``YYYY-MM``; raises :class:`AgendaError` otherwise."""
    if not isinstance(month, str) or not _MONTH.match(month):
        raise AgendaError(f"{month!r} is not a month; write it as YYYY-MM, e.g. 2026-05.")
    return month


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(month: str) -> str:
    """``2026-05`` -> ``May 2026``."""
    year, number = check_month(month).split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def default_title(month: str) -> str:
    return f"People Partner agenda for {month_label(month)}"


@dataclass
class ItemData:
    """One agenda item as plain data (what the editor edits and files hold)."""

    section: str
    text: str
    item_date: date | None = None
    audience_kind: str = "all"
    audience_value: str = ""
    prompts: list[str] = field(default_factory=list)
    id: str | None = None

    @property
    def audience_label(self) -> str:
        """``all managers``, ``department: Sales`` or ``tier: VP``."""
        if self.audience_kind == "all":
            return "all managers"
        return f"{self.audience_kind}: {self.audience_value}"

    def applies_to(self, department: str, tier: str) -> bool:
        """True when a manager of this department and tier is in the item's audience."""
        if self.audience_kind == "all":
            return True
        wanted = {v.strip().casefold() for v in self.audience_value.split(",") if v.strip()}
        have = department if self.audience_kind == "department" else tier
        return (have or "").strip().casefold() in wanted


@dataclass
class AgendaDoc:
    """A whole agenda as plain data: month, title, ordered sections and items."""

    month: str
    title: str = ""
    sections: list[tuple[str, int]] = field(default_factory=list)
    items: list[ItemData] = field(default_factory=list)
    status: str = DRAFT
    published_at: datetime | None = None
    author_rep_id: str | None = None
    id: str | None = None

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    def section_names(self) -> list[str]:
        return [name for name, _minutes in self.sections]

    def minutes_for(self, section: str) -> int:
        return dict(self.sections).get(section, 0)

    def items_in(self, section: str) -> list[ItemData]:
        return [item for item in self.items if item.section == section]

    def add_section(self, name: str, minutes: int = 0) -> None:
        name = name.strip()
        if not name:
            raise AgendaError("A section needs a name.")
        if name in self.section_names():
            raise AgendaError(f'There is already a section "{name}".')
        self.sections.append((name, max(0, int(minutes))))

    def set_section_minutes(self, name: str, minutes: int) -> None:
        self.sections = [(n, max(0, int(minutes)) if n == name else m) for n, m in self.sections]

    def rename_section(self, old: str, new: str) -> None:
        new = new.strip()
        if not new:
            raise AgendaError("A section needs a name.")
        if new != old and new in self.section_names():
            raise AgendaError(f'There is already a section "{new}".')
        self.sections = [(new if n == old else n, m) for n, m in self.sections]
        for item in self.items_in(old):
            item.section = new

    def remove_section(self, name: str) -> None:
        """Remove a section and its items."""
        self.sections = [(n, m) for n, m in self.sections if n != name]
        self.items = [item for item in self.items if item.section != name]

    def move_section(self, name: str, offset: int) -> None:
        """Move a section up (negative) or down (positive) among the sections."""
        names = self.section_names()
        index = names.index(name)
        target = max(0, min(len(names) - 1, index + offset))
        entry = self.sections.pop(index)
        self.sections.insert(target, entry)
        self._normalise()

    def add_item(self, item: ItemData) -> ItemData:
        """Append an item at the end of its section (creating the section if needed)."""
        if item.section not in self.section_names():
            self.add_section(item.section)
        self.items.append(item)
        self._normalise()
        return item

    def remove_item(self, item: ItemData) -> None:
        self.items.remove(item)

    def move_item(self, item: ItemData, offset: int) -> None:
        """Move an item up or down within its section."""
        siblings = self.items_in(item.section)
        index = siblings.index(item)
        target = max(0, min(len(siblings) - 1, index + offset))
        siblings.insert(target, siblings.pop(index))
        others = [i for i in self.items if i.section != item.section]
        self.items = others + siblings
        self._normalise()

    def move_item_to_section(self, item: ItemData, section: str) -> None:
        if section not in self.section_names():
            raise AgendaError(f'There is no section "{section}".')
        self.items.remove(item)
        item.section = section
        self.items.append(item)
        self._normalise()

    def _normalise(self) -> None:
        """Keep items grouped by section, in section order, each group in its own order."""
        order = {name: index for index, name in enumerate(self.section_names())}
        self.items.sort(key=lambda item: order.get(item.section, len(order)))


def parse_audience(text: str) -> tuple[str, str]:
    """``"all"``, ``"department: Sales"`` or ``"tier: VP"`` -> (kind, value)."""
    text = (text or "all").strip()
    if text.casefold() in ("all", "all managers", ""):
        return "all", ""
    kind, sep, value = text.partition(":")
    kind = kind.strip().casefold()
    if not sep or kind not in ("department", "tier") or not value.strip():
        raise AgendaError(
            f'audience "{text}" is not understood; write "all", "department: NAME" or '
            '"tier: NAME" (several names separated by commas).'
        )
    return kind, ", ".join(v.strip() for v in value.split(",") if v.strip())


# --- store access --------------------------------------------------------------------


def _live_agendas(session: Session, month: str):
    return session.scalars(
        select(Agenda).where(Agenda.month == month, Agenda.deleted.is_(False))
    ).all()


def agenda_row(session: Session, month: str) -> Agenda | None:
    """The agenda of ``month``: the published one if any, else the latest draft."""
    rows = _live_agendas(session, check_month(month))
    if not rows:
        return None
    return max(rows, key=lambda a: (a.status == PUBLISHED, a.updated_hlc))


def published_row(session: Session, month: str) -> Agenda | None:
    """The published agenda of ``month``, or None."""
    row = agenda_row(session, month)
    return row if row is not None and row.status == PUBLISHED else None


def item_rows(session: Session, agenda: Agenda) -> list[AgendaItem]:
    """The agenda's live items in display order (section order, then position)."""
    rows = session.scalars(
        select(AgendaItem).where(AgendaItem.agenda_id == agenda.id, AgendaItem.deleted.is_(False))
    ).all()
    order = {name: index for index, name in enumerate(agenda.section_minutes or {})}
    return sorted(rows, key=lambda r: (order.get(r.section, len(order)), r.position, r.id))


def _item_data(row: AgendaItem) -> ItemData:
    return ItemData(
        section=row.section,
        text=row.text,
        item_date=row.item_date,
        audience_kind=row.audience_kind,
        audience_value=row.audience_value,
        prompts=list(row.prompts or []),
        id=row.id,
    )


def to_doc(session: Session, agenda: Agenda) -> AgendaDoc:
    """The stored agenda as plain data."""
    sections = [
        (name, int(minutes or 0)) for name, minutes in (agenda.section_minutes or {}).items()
    ]
    items = [_item_data(row) for row in item_rows(session, agenda)]
    known = {name for name, _ in sections}
    for item in items:
        if item.section not in known:
            sections.append((item.section, 0))
            known.add(item.section)
    return AgendaDoc(
        month=agenda.month,
        title=agenda.title,
        sections=sections,
        items=items,
        status=agenda.status,
        published_at=agenda.published_at,
        author_rep_id=agenda.author_rep_id,
        id=agenda.id,
    )


def _validate(doc: AgendaDoc) -> None:
    check_month(doc.month)
    names = doc.section_names()
    if len(set(names)) != len(names):
        raise AgendaError("Two sections have the same name; rename one of them.")
    for item in doc.items:
        if item.audience_kind not in AUDIENCE_KINDS:
            raise AgendaError(
                f'Unknown audience "{item.audience_kind}"; use all, department or tier.'
            )
        if item.audience_kind != "all" and not item.audience_value.strip():
            raise AgendaError(f'The item "{item.text[:40]}" needs a {item.audience_kind} name.')


class AgendaService:
    """Agenda operations, each in one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # reading

    def get(self, month: str) -> AgendaDoc | None:
        """The month's agenda (published, else draft), or None."""
        with self.store.session() as session:
            row = agenda_row(session, month)
            return to_doc(session, row) if row is not None else None

    def months(self) -> list[tuple[str, str]]:
        """(month, status) of every agenda, newest month first."""
        with self.store.session() as session:
            rows = session.scalars(select(Agenda).where(Agenda.deleted.is_(False))).all()
        status: dict[str, str] = {}
        for row in rows:
            if status.get(row.month) != PUBLISHED:
                status[row.month] = row.status
        return sorted(status.items(), reverse=True)

    def audience_choices(self) -> tuple[list[str], list[str]]:
        """The departments and tiers of active managers (what an audience can name)."""
        with self.store.session() as session:
            rows = session.execute(
                select(Manager.department, Manager.tier)
                .where(Manager.deleted.is_(False), Manager.active.is_(True))
                .distinct()
            ).all()
        departments = sorted({d for d, _t in rows if d}, key=str.casefold)
        tiers = sorted({t for _d, t in rows if t}, key=str.casefold)
        return departments, tiers

    # creating and saving

    def create(self, month: str, *, start_from: str = "previous") -> AgendaDoc:
        """A new draft for ``month``, started from the latest earlier agenda or the template.

        ``start_from`` is ``"previous"`` (falls back to the template when there is no
        earlier agenda), ``"template"`` or ``"empty"``.
        """
        check_month(month)
        if start_from not in ("previous", "template", "empty"):
            raise AgendaError('Start a month from "previous", "template" or "empty".')
        with self.store.session() as session:
            if agenda_row(session, month) is not None:
                raise AgendaError(f"{month} already has an agenda; open it to edit.")
            earlier = None
            if start_from == "previous":
                rows = session.scalars(
                    select(Agenda).where(Agenda.month < month, Agenda.deleted.is_(False))
                ).all()
                if rows:
                    latest = max(r.month for r in rows)
                    earlier = to_doc(session, agenda_row(session, latest))
        if earlier is not None:
            doc = AgendaDoc(month=month, sections=list(earlier.sections))
            for item in earlier.items:  # dates belong to their month; audiences and prompts carry
                doc.items.append(replace(item, id=None, item_date=None, prompts=list(item.prompts)))
        elif start_from == "empty":
            doc = AgendaDoc(month=month)
        else:
            doc = template_doc(month)
        doc.title = default_title(month)
        return self.save(doc)

    def save(self, doc: AgendaDoc, *, rep_id: str | None = None) -> AgendaDoc:
        """Write ``doc`` (new or existing): items updated by id, new ones added, removed ones
        tombstoned. A published agenda can only be changed by the HR lead."""
        _validate(doc)
        with self.store.transaction() as session:
            row = session.get(Agenda, doc.id) if doc.id else None
            if row is None or row.deleted:
                if agenda_row(session, doc.month) is not None:
                    raise AgendaError(f"{doc.month} already has an agenda; open it to edit.")
                row = Agenda(month=doc.month, status=DRAFT)
                session.add(row)
                session.flush()
            elif row.status == PUBLISHED:
                self._require_lead(session, rep_id, "change a published agenda")
            self._write(session, row, doc)
            return to_doc(session, row)

    @staticmethod
    def _write(session: Session, row: Agenda, doc: AgendaDoc) -> None:
        row.title = doc.title or default_title(doc.month)
        sections = {name: int(minutes) for name, minutes in doc.sections}
        if list(sections.items()) != list((row.section_minutes or {}).items()):
            row.section_minutes = sections
            flag_modified(row, "section_minutes")  # a new order alone compares equal
        existing = {r.id: r for r in item_rows(session, row)}
        keep: set[str] = set()
        positions: dict[str, int] = {}
        for item in doc.items:
            position = positions.get(item.section, 0)
            positions[item.section] = position + 1
            target = existing.get(item.id or "")
            if target is None:
                target = AgendaItem(agenda_id=row.id)
                session.add(target)
            target.section = item.section
            target.position = position
            target.text = item.text
            target.item_date = item.item_date
            target.audience_kind = item.audience_kind
            target.audience_value = item.audience_value if item.audience_kind != "all" else ""
            target.prompts = [p for p in item.prompts if p.strip()]
            session.flush()
            item.id = target.id
            keep.add(target.id)
        for item_id, target in existing.items():
            if item_id not in keep:
                target.deleted = True

    def publish(self, month: str, rep_id: str | None) -> AgendaDoc:
        """Publish the month's agenda; only the HR lead may."""
        with self.store.transaction() as session:
            row = agenda_row(session, month)
            if row is None:
                raise AgendaError(f"{month} has no agenda yet; create or import one first.")
            self._require_lead(session, rep_id, "publish the agenda")
            if not item_rows(session, row):
                raise AgendaError(f"The {month} agenda has no items; add some before publishing.")
            row.status = PUBLISHED
            row.published_at = utcnow()
            row.author_rep_id = rep_id
            return to_doc(session, row)

    @staticmethod
    def _require_lead(session: Session, rep_id: str | None, action: str) -> None:
        rep = session.get_live(
            Rep,
            rep_id,
            f"Only the HR lead can {action}; choose who you are (a rep marked as HR lead).",
            AgendaError,
        )
        if not rep.is_lead:
            raise AgendaError(f"Only the HR lead can {action}; {rep.name} is not the HR lead.")

    # files

    def import_file(self, path: Path, *, replace_existing: bool = False) -> AgendaDoc:
        """Import an agenda file as the month's draft; nothing changes when it is malformed."""
        doc = read_agenda_file(path)
        with self.store.session() as session:
            row = agenda_row(session, doc.month)
            if row is not None:
                if row.status == PUBLISHED and not replace_existing:
                    raise AgendaError(
                        f"The {doc.month} agenda is already published; nothing was imported. "
                        "Edit it in the agenda editor, or import with --replace (it then "
                        "goes back to draft and must be published again)."
                    )
                doc.id = row.id
        if doc.id is None:
            return self.save(doc)
        with self.store.transaction() as session:
            row = session.get(Agenda, doc.id)
            row.status = DRAFT
            self._write(session, row, doc)
            return to_doc(session, row)

    def export_file(self, month: str, path: Path) -> AgendaDoc:
        """Write the month's agenda to ``path`` as TOML."""
        doc = self.get(month)
        if doc is None:
            raise AgendaError(f"{month} has no agenda to export.")
        try:
            atomic_write_bytes(path, render_agenda(doc).encode("utf-8"), mode=0o644)
        except OSError as exc:
            raise AgendaError(
                f"Cannot write {path}: {exc.strerror}; choose another place."
            ) from None
        return doc


# --- files -----------------------------------------------------------------------------


def template_doc(month: str) -> AgendaDoc:
    """The shipped template (resources/agendas/template.toml) for ``month``."""
    doc = read_agenda_file(resource_path("agendas", "template.toml"), month=month)
    doc.month = month
    return doc


def render_agenda(doc: AgendaDoc) -> str:
    """The agenda as readable TOML, in section and item order."""
    lines = [
        f"# Partner Desk agenda for {month_label(doc.month)}"
        + (f" (published {doc.published_at:%Y-%m-%d})" if doc.published_at else " (draft)"),
        "# Edit freely; import with: partnerdesk agenda import FILE",
        "",
        f"month = {toml_string(doc.month)}",
        f"title = {toml_string(doc.title)}",
    ]
    for name, minutes in doc.sections:
        lines += ["", "[[sections]]", f"name = {toml_string(name)}"]
        if minutes:
            lines.append(f"minutes = {int(minutes)}")
        for item in doc.items_in(name):
            lines += ["", "[[sections.items]]", f"text = {toml_string(item.text)}"]
            if item.item_date:
                lines.append(f"date = {item.item_date.isoformat()}")
            if item.audience_kind != "all":
                lines.append(f"audience = {toml_string(item.audience_label)}")
            if item.prompts:
                lines.append(f"prompts = {toml_string_array(item.prompts)}")
    return "\n".join(lines) + "\n"


#: An agenda file is a few KB; anything past this is not one.
AGENDA_FILE_LIMIT = 1 << 20


def read_agenda_file(path: Path, *, month: str | None = None) -> AgendaDoc:
    """Parse and check an agenda file; raises :class:`AgendaFileError` listing every problem.

    ``month`` overrides the file's month (used for the template, which has none).
    """
    try:
        raw = read_toml(path, AGENDA_FILE_LIMIT, "agenda file")
    except AgendaFileError:
        raise
    except InputFileError as exc:
        missing = not Path(path).exists() and not Path(path).is_symlink()
        raise AgendaFileError(
            f"{path} does not exist; check the file name." if missing else str(exc)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise AgendaFileError(
            f"{path} is not a valid agenda file ({exc}); nothing was imported. "
            "Fix that line and import again."
        ) from None
    problems: list[str] = []
    doc = _doc_from_raw(raw, month, problems)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise AgendaFileError(
            f"{path} has {len(problems)} problem(s); nothing was imported:\n{listed}"
        )
    return doc


def _doc_from_raw(raw: dict[str, Any], month: str | None, problems: list[str]) -> AgendaDoc:
    file_month = month or raw.get("month")
    if not isinstance(file_month, str) or not _MONTH.match(file_month):
        problems.append(f'month = {file_month!r}: write the month as "YYYY-MM", e.g. "2026-05".')
        file_month = "0000-01"
    title = raw.get("title", "")
    if not isinstance(title, str):
        problems.append("title must be text in quotes.")
        title = ""
    doc = AgendaDoc(month=file_month, title=title)
    sections = raw.get("sections", [])
    if not isinstance(sections, list):
        problems.append("sections must be [[sections]] blocks.")
        return doc
    for s_index, section in enumerate(sections, 1):
        where = f"section {s_index}"
        name = section.get("name") if isinstance(section, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(f'{where}: needs a name, e.g. name = "Reminders".')
            continue
        where = f'section {s_index} ("{name}")'
        minutes = section.get("minutes", 0)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            problems.append(f"{where}: minutes must be a whole number of minutes (0 for none).")
            minutes = 0
        if name in doc.section_names():
            problems.append(f"{where}: a section with this name already appears above.")
            continue
        doc.sections.append((name.strip(), minutes))
        items = section.get("items", [])
        if not isinstance(items, list):
            problems.append(f"{where}: items must be [[sections.items]] blocks.")
            continue
        for i_index, entry in enumerate(items, 1):
            item = _item_from_raw(entry, name.strip(), f"{where}, item {i_index}", problems)
            if item is not None:
                doc.items.append(item)
    return doc


def _item_from_raw(entry: Any, section: str, where: str, problems: list[str]) -> ItemData | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a [[sections.items]] block.")
        return None
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f'{where}: needs text, e.g. text = "Remind your team ...".')
        return None
    unknown = set(entry) - {"text", "date", "audience", "prompts"}
    if unknown:
        problems.append(
            f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
            "an item has text, date, audience and prompts."
        )
    raw_date = entry.get("date")
    item_date = None
    if isinstance(raw_date, date) and not isinstance(raw_date, datetime):
        item_date = raw_date
    elif isinstance(raw_date, str):
        try:
            item_date = date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"{where}: date {raw_date!r} must be YYYY-MM-DD.")
    elif raw_date is not None:
        problems.append(f"{where}: date must be YYYY-MM-DD, e.g. date = 2026-05-15.")
    try:
        kind, value = parse_audience(entry.get("audience", "all"))
    except AgendaError as exc:
        problems.append(f"{where}: {exc}")
        kind, value = "all", ""
    prompts = entry.get("prompts", [])
    if not isinstance(prompts, list) or not all(isinstance(p, str) for p in prompts):
        problems.append(f'{where}: prompts must be a list of texts, e.g. prompts = ["What ...?"].')
        prompts = []
    return ItemData(
        section=section,
        text=text.strip(),
        item_date=item_date,
        audience_kind=kind,
        audience_value=value,
        prompts=[p.strip() for p in prompts if p.strip()],
    )
