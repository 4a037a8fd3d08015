"""Engagement survey results per team: import, privacy floor, the team's trend, departments.

``import_results`` reads a CSV or XLSX export (one row per manager or team and period:
identifier or email, period, favourable % or score, respondents, invited; optional
question rows) and stores it; importing the same file again changes nothing. A group
with fewer than :data:`MIN_RESPONDENTS` respondents is stored but its score is never
shown or exported: every view goes through :class:`TeamResult`, whose ``score`` is None
for such a group and whose text says "too few responses". Department figures combine
only the groups above the floor, weighted by respondents.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.core.clock import utcnow
from partnerdesk.core.files import InputFileError, read_bounded
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import EngagementResult, Manager
from partnerdesk.core.words import plural

MIN_RESPONDENTS = 5
TOO_FEW = "too few responses"
FILE_LIMIT = 20 << 20
_HEADERS = {
    "team": ("manager email", "email", "manager", "team", "identifier", "team id", "manager id"),
    "period": ("period", "quarter", "month", "survey period"),
    "favourable": (
        "favourable %",
        "favourable",
        "% favourable",
        "favorable %",
        "favorable",
        "% favorable",
    ),
    "score": ("score", "mean score", "average score", "mean"),
    "respondents": ("respondents", "responses", "responded"),
    "invited": ("invited", "sent", "team size"),
    "question": ("question", "item"),
}
_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*Q([1-4])|Q([1-4])\s*-?\s*(\d{4}))$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class EngagementError(InputFileError):
    """An engagement file that cannot be imported; the message says what to fix."""


@dataclass(frozen=True)
class TeamResult:
    """One group's result; ``score`` is None when too few people answered."""

    period: str
    raw_score: float = field(repr=False)
    unit: str
    respondents: int
    invited: int

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS

    @property
    def score(self) -> float | None:
        return self.raw_score if self.shown else None

    @property
    def score_text(self) -> str:
        return format_score(self.score, self.unit)

    @property
    def response_rate(self) -> str:
        if not self.invited:
            return f"{self.respondents} responded"
        return f"{round(100 * self.respondents / self.invited)}% responded"


def format_score(score: float | None, unit: str) -> str:
    """A score as people read it; None (a group under the floor) is "too few responses"."""
    if score is None:
        return TOO_FEW
    return f"{score:.0f}%" if unit == "%" else f"{score:.1f}"


def change_text(change: float | None, unit: str) -> str:
    """A change between periods ("+4 pts", "-0.3"); "" when it cannot be shown."""
    if change is None:
        return ""
    return f"{change:+.0f} pts" if unit == "%" else f"{change:+.1f}"


@dataclass(frozen=True)
class TeamTrend:
    """A team's latest result, the one before it, and the latest period's question rows."""

    latest: TeamResult
    previous: TeamResult | None
    #: (question, result) of the latest period, lowest score first (hidden ones last).
    questions: tuple[tuple[str, TeamResult], ...] = ()

    @property
    def change(self) -> float | None:
        """Latest minus previous, only when both are above the floor and on one scale."""
        if self.previous is None or self.latest.score is None or self.previous.score is None:
            return None
        if self.previous.unit != self.latest.unit:
            return None
        return self.latest.score - self.previous.score

    @property
    def change_text(self) -> str:
        return change_text(self.change, self.latest.unit)


@dataclass
class DepartmentEngagement:
    """A department's engagement for its latest two periods (groups above the floor only)."""

    department: str
    period: str
    score: float | None
    unit: str
    previous_period: str = ""
    previous: float | None = None
    teams: int = 0
    teams_too_few: int = 0

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def score_text(self) -> str:
        return format_score(self.score, self.unit)

    @property
    def previous_text(self) -> str:
        return format_score(self.previous, self.unit) if self.previous_period else ""

    @property
    def change_text(self) -> str:
        return change_text(self.change, self.unit)


@dataclass
class ImportResult:
    """What an engagement import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged."]
        if self.unmatched:
            shown = ", ".join(self.unmatched[:5]) + (" …" if len(self.unmatched) > 5 else "")
            count = len(self.unmatched)
            verb = (
                "names no manager in the roster and was"
                if count == 1
                else ("name no manager in the roster and were")
            )
            out.append(f"{plural(count, 'row')} {verb} skipped: {shown}")
        return out


def normalise_period(text: str) -> str | None:
    """ "2026-Q3", "Q3 2026" -> "2026-Q3"; "2026-09" stays; anything else is None."""
    text = text.strip()
    quarter = _QUARTER.match(text)
    if quarter:
        year = quarter.group(1) or quarter.group(4)
        number = quarter.group(2) or quarter.group(3)
        return f"{year}-Q{number}"
    month = _MONTH.match(text)
    if month and 1 <= int(month.group(2)) <= 12:
        return text
    return None


def _table(path: Path) -> list[list[str]]:
    from partnerdesk.core.roster.csvfile import decode, looks_binary
    from partnerdesk.core.roster.sheets import workbook_kind

    data = read_bounded(path, FILE_LIMIT, "engagement results")
    if workbook_kind(data) or path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _sheet_rows(path, data)
    text, encoding = decode(data)
    if data.startswith(b"%PDF") or looks_binary(data, text, encoding):
        raise EngagementError(
            f"{path.name}: this is not a CSV or Excel file. Export the results from your "
            "survey tool as CSV or Excel (XLSX) and import that file."
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _sheet_rows(path: Path, data: bytes) -> list[list[str]]:
    """The first sheet of a workbook, as text cells."""
    from python_calamine import CalamineWorkbook

    from partnerdesk.core.roster.sheets import sprawl

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        first = book.sheet_names[0] if book.sheet_names else ""
    except Exception as exc:  # calamine raises its own error types, one per format
        raise _unreadable(path, exc) from None
    if problem := sprawl(path, data, first):  # a stray far cell would abort the reader
        raise EngagementError(problem)
    try:
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    return [[_cell(v) for v in row] for row in sheet]


def _unreadable(path: Path, exc: Exception) -> EngagementError:
    return EngagementError(
        f"{path.name} cannot be read as a spreadsheet ({exc}); save it again as XLSX or CSV."
    )


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found = {}
    for key, aliases in _HEADERS.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    missing = [k for k in ("team", "period", "respondents") if k not in found]
    if "favourable" not in found and "score" not in found:
        missing.append("favourable % or score")
    if missing:
        raise EngagementError(
            f"The file lacks the column(s): {', '.join(missing)}. Expected headers like "
            "Manager Email, Period, Favourable %, Respondents, Invited (Question optional)."
        )
    return found


def _number(text: str, line: int, what: str) -> float:
    try:
        return float(text.replace("%", "").replace(",", ".").strip())
    except ValueError:
        raise EngagementError(f"line {line}: {what} {text!r} is not a number; fix it.") from None


@dataclass(frozen=True)
class _Row:
    team: str
    period: str
    question: str
    score: float
    unit: str
    respondents: int
    invited: int


def read_results(path: str | Path) -> list[_Row]:
    """The checked rows of an engagement file (raises EngagementError on the first bad line)."""
    path = Path(path)
    table = _table(path)
    if len(table) < 2:
        raise EngagementError(f"{path.name} has no result rows under its header.")
    cols = _columns(table[0])
    unit = "%" if "favourable" in cols else ""
    score_col = cols.get("favourable", cols.get("score"))
    rows = []
    for line, cells in enumerate(table[1:], 2):
        cells = cells + [""] * (len(table[0]) - len(cells))
        team = cells[cols["team"]].strip()
        period = normalise_period(cells[cols["period"]])
        if not team:
            raise EngagementError(f"line {line}: the manager or team is empty; fill it in.")
        if period is None:
            raise EngagementError(
                f"line {line}: period {cells[cols['period']]!r} is not like 2026-Q3 or 2026-09."
            )
        score = _number(cells[score_col], line, "the score")
        if unit == "%" and not 0 <= score <= 100:
            raise EngagementError(f"line {line}: favourable % {score:g} is not between 0 and 100.")
        respondents = int(_number(cells[cols["respondents"]], line, "respondents"))
        invited_text = cells[cols["invited"]] if "invited" in cols else ""
        invited = int(_number(invited_text, line, "invited")) if invited_text.strip() else 0
        if respondents < 0 or (invited and respondents > invited):
            raise EngagementError(
                f"line {line}: {respondents} respondents of {invited} invited cannot be right."
            )
        question = cells[cols["question"]].strip() if "question" in cols else ""
        rows.append(_Row(team, period, question, score, unit, respondents, invited))
    return rows


def import_results(store: Store, path: str | Path) -> ImportResult:
    """Store an engagement file's results, matched to managers by email, employee id or name."""
    rows = read_results(path)
    result = ImportResult()
    with store.transaction() as session:
        managers = session.execute(
            select(
                Manager.id, Manager.email, Manager.employee_id, Manager.name, Manager.department
            ).where(Manager.deleted.is_(False))
        ).all()
        lookup: dict[str, tuple[str, str]] = {}
        for m in managers:
            for key in (m.name, m.employee_id, m.email):
                if key:
                    lookup[key.strip().lower()] = (m.id, m.department)
        stored = {
            (r.manager_id, r.period, r.question): r
            for r in session.scalars(
                select(EngagementResult).where(EngagementResult.deleted.is_(False))
            )
        }
        moment = utcnow()
        for row in rows:
            match = lookup.get(row.team.lower())
            if match is None:
                result.unmatched.append(row.team)
                continue
            manager_id, department = match
            values = {
                "department": department,
                "score": row.score,
                "unit": row.unit,
                "respondents": row.respondents,
                "invited": row.invited,
            }
            existing = stored.get((manager_id, row.period, row.question))
            if existing is None:
                record = EngagementResult(
                    manager_id=manager_id,
                    period=row.period,
                    question=row.question,
                    imported_at=moment,
                    **values,
                )
                session.add(record)
                stored[(manager_id, row.period, row.question)] = record
                result.added += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.imported_at = moment
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def _result(row: EngagementResult) -> TeamResult:
    return TeamResult(row.period, row.score, row.unit, row.respondents, row.invited)


def team_trend(
    session: Session, manager_id: str, until_period: str | None = None
) -> TeamTrend | None:
    """The manager's latest overall result (up to ``until_period``), the one before it and
    the latest period's question rows."""
    stmt = select(EngagementResult).where(
        EngagementResult.deleted.is_(False), EngagementResult.manager_id == manager_id
    )
    every = session.scalars(stmt).all()
    rows = sorted(
        (r for r in every if r.question == ""),
        key=lambda r: period_start(r.period),
        reverse=True,
    )
    if until_period:
        rows = [r for r in rows if period_start(r.period) <= period_start(until_period)]
    if not rows:
        return None
    latest = rows[0].period
    questions = sorted(
        ((r.question, _result(r)) for r in every if r.question and r.period == latest),
        key=lambda q: (q[1].score is None, q[1].score or 0.0, q[0]),
    )
    return TeamTrend(
        _result(rows[0]), _result(rows[1]) if len(rows) > 1 else None, tuple(questions)
    )


def period_start(period: str) -> date:
    """The first day of a stored period ("2026-Q3" -> 1 Jul 2026, "2026-09" -> 1 Sep 2026)."""
    year, _, rest = period.partition("-")
    month = (int(rest[1]) - 1) * 3 + 1 if rest.upper().startswith("Q") else int(rest)
    return date(int(year), month, 1)


def by_department(
    session: Session, manager_ids: set[str] | None = None, until: date | None = None
) -> list[DepartmentEngagement]:
    """Each department's latest two periods, combining the groups above the floor.

    ``manager_ids`` limits the groups (a report's scope); None takes every group.
    ``until`` leaves out the periods that start on or after that day.
    """
    stmt = select(EngagementResult).where(
        EngagementResult.deleted.is_(False), EngagementResult.question == ""
    )
    if manager_ids is not None:
        stmt = stmt.where(EngagementResult.manager_id.in_(manager_ids))
    grouped: dict[str, dict[str, list[EngagementResult]]] = defaultdict(lambda: defaultdict(list))
    for row in session.scalars(stmt):
        if until is not None and period_start(row.period) >= until:
            continue
        grouped[row.department or "(no department)"][row.period].append(row)
    out = []
    for department, periods in grouped.items():
        ordered = sorted(periods, key=period_start, reverse=True)
        latest = periods[ordered[0]]
        item = DepartmentEngagement(
            department,
            ordered[0],
            _weighted(latest),
            latest[0].unit,
            teams=len(latest),
            teams_too_few=sum(1 for r in latest if r.respondents < MIN_RESPONDENTS),
        )
        if len(ordered) > 1:
            item.previous_period = ordered[1]
            item.previous = _weighted(periods[ordered[1]])
        out.append(item)
    return sorted(out, key=lambda d: d.department.casefold())


def departments(store: Store) -> list[DepartmentEngagement]:
    """:func:`by_department` for every group, in its own session (for Today and the CLI)."""
    with store.session() as session:
        return by_department(session)


def _weighted(rows: list[EngagementResult]) -> float | None:
    """The respondent-weighted mean of the groups above the floor (None: none is)."""
    shown = [r for r in rows if r.respondents >= MIN_RESPONDENTS]
    total = sum(r.respondents for r in shown)
    if not total:
        return None
    return sum(r.score * r.respondents for r in shown) / total
