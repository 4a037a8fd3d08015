"""The summary laid out as a sequence of neutral blocks (headings, tables, quotes, charts).

Markdown, HTML and (through HTML) the PDF render the same blocks, so every format says
the same thing in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from partnerdesk.core import daytext
from partnerdesk.core.cases import kind_label as case_kind_label
from partnerdesk.core.engagement import MIN_RESPONDENTS
from partnerdesk.core.reports.model import CadenceRow, Quote, Summary, kind_label

#: Exec quotes shown per agenda item (and for other notes) in a document; the CSV has all.
QUOTES_SHOWN = 6
#: Recurring themes listed in a document (the widest first); the CSV has all.
THEMES_SHOWN = 20
CADENCE_CHART = "cadence"
SIGNALS_CHART = "signals"


@dataclass(frozen=True)
class Title:
    """The document title and the lines under it."""

    text: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A section (level 2) or sub-section (level 3) heading."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``muted`` for notes and captions."""

    text: str
    muted: bool = False


@dataclass(frozen=True)
class Figures:
    """The headline numbers: (value, label, detail) triples shown as a box."""

    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``numeric`` marks right-aligned columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class QuoteBlock:
    """A quoted exec note and where it came from."""

    text: str
    source: str


@dataclass(frozen=True)
class Chart:
    """A place for a chart drawn by the PDF renderer (text formats skip it)."""

    name: str
    caption: str


Block = Title | Heading | Paragraph | Figures | Table | QuoteBlock | Chart


def blocks(summary: Summary) -> Iterator[Block]:
    """The document, top to bottom."""
    yield from _title(summary)
    yield from _cadence(summary)
    yield from _signals(summary)
    yield from _themes(summary)
    yield from _agenda(summary)
    yield from _followups(summary)
    yield from _people(summary)
    yield from _cases(summary)
    yield from _engagement(summary)
    yield Heading("About this summary")
    yield Paragraph(privacy_statement(summary), muted=True)


def privacy_statement(summary: Summary) -> str:
    """What this summary leaves out, and why."""
    naming = (
        "People named in signals and follow-ups ARE named: the author chose to name individuals."
        if summary.name_individuals
        else "People named in signals and follow-ups are not named."
    )
    return (
        "Quotes come only from notes their author marked for executives. Private notes are "
        "never included; notes shared with the HR team are counted but never quoted. "
        f"{naming} A theme counts as recurring when at least {summary.theme_threshold} managers "
        "of one department raised it. Joiners and leavers are counted, never named. An "
        f"engagement result answered by fewer than {MIN_RESPONDENTS} people is never shown "
        "as a score."
    )


def _title(summary: Summary) -> Iterator[Block]:
    yield Title(
        summary.title,
        (
            f"{summary.period.span} · {summary.scope_label}",
            f"Figures as of {daytext.long_day(summary.as_of)}"
            f" · generated {summary.generated_at:%Y-%m-%d}",
        ),
    )
    yield Figures(headline_figures(summary))


def headline_figures(summary: Summary) -> tuple[tuple[str, str, str], ...]:
    """The headline numbers as (value, label, detail), for the first page and the deck."""
    h = summary.headline
    return (
        (
            h.adherence,
            "cadence adherence",
            f"{h.meetings_met} held of {h.meetings_due} due up to {daytext.day(summary.as_of)}",
        ),
        (
            f"{h.managers_met}/{h.managers}",
            "managers met",
            f"{h.never_met} never met · {h.rescheduled} rescheduled",
        ),
        (
            str(h.signals_open),
            "open signals",
            f"{h.signals_opened} opened · {h.signals_resolved} resolved",
        ),
        (
            str(h.followups_overdue),
            "overdue follow-ups",
            f"{h.followups_opened} opened · {h.followups_done} done",
        ),
        (str(h.recurring_themes), "recurring themes", f"raised by ≥{summary.theme_threshold}"),
    )


def _cadence_table(first: str, rows: list[CadenceRow]) -> Table:
    body = tuple(
        (
            r.label,
            str(r.managers),
            str(r.due),
            str(r.held),
            r.adherence,
            str(r.rescheduled),
            str(r.never_met),
        )
        for r in rows
    )
    headers = (first, "Managers", "Due", "Held", "Adherence", "Rescheduled", "Never met")
    return Table(headers, body, frozenset(range(1, 7)))


def _cadence(summary: Summary) -> Iterator[Block]:
    yield Heading("Cadence adherence")
    if not summary.managers:
        yield Paragraph("No active managers in this scope.", muted=True)
        return
    yield Paragraph(
        "Meetings held against what each manager's cadence asks for (monthly, quarterly for "
        "teams of two or fewer, or the manager's own preference). Adherence counts at most "
        "the meetings that were due per manager; extra meetings do not make up for missed ones. "
        "A month (or a quarterly manager's quarter) counts as due up to "
        f"{daytext.long_day(summary.as_of)} "
        "once it has ended or its meeting was held, so months still to come are not missed."
    )
    yield Chart(CADENCE_CHART, "Meetings held vs due, by department")
    yield _cadence_table("Department", summary.cadence_by_department)
    yield Heading("By rep", 3)
    yield _cadence_table("Rep", summary.cadence_by_rep)


def _days(value: int | None) -> str:
    return "–" if value is None else str(value)


def _signals(summary: Summary) -> Iterator[Block]:
    yield Heading("Signals")
    if not summary.signal_groups:
        yield Paragraph("No signals were open or raised in this period.", muted=True)
        return
    yield Chart(SIGNALS_CHART, "Open signals at the end of the period, by kind and department")
    rows = tuple(
        (
            g.department,
            kind_label(g.kind),
            str(g.opened),
            str(g.resolved),
            str(g.open),
            _days(g.median_open_days),
            _days(g.oldest_open_days),
        )
        for g in summary.signal_groups
    )
    headers = ("Department", "Kind", "Opened", "Resolved", "Open", "Median age", "Oldest")
    yield Table(headers, rows, frozenset(range(2, 7)))
    yield Paragraph("Ages are in days, for signals still open at the end of the period.", True)
    if summary.name_individuals:
        open_rows = tuple(
            (
                f"{s.manager} ({s.department})" if s.manager else s.department,
                kind_label(s.kind),
                s.person or "–",
                str(s.age_days),
                s.summary,
            )
            for s in summary.signals
            if s.status == "open"
        )
        if open_rows:
            yield Heading("Open signals, named", 3)
            headers = ("Manager", "Kind", "Person", "Age", "Summary")
            yield Table(headers, open_rows, frozenset({3}))


def _themes(summary: Summary) -> Iterator[Block]:
    yield Heading("Recurring themes")
    if not summary.themes:
        yield Paragraph(
            f"No theme was raised by {summary.theme_threshold} or more managers of one "
            "department in this period.",
            muted=True,
        )
        return
    rows = tuple(
        (t.department, f"#{t.tag}", str(t.managers), str(t.mentions))
        for t in summary.themes[:THEMES_SHOWN]
    )
    yield Table(("Department", "Theme", "Managers", "Mentions"), rows, frozenset({2, 3}))
    hidden = len(summary.themes) - THEMES_SHOWN
    if hidden > 0:
        yield Paragraph(f"{hidden} more recurring themes are in the CSV export.", muted=True)


def group_quotes(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes in order, identical wording (ignoring case and spacing) grouped together."""
    grouped: dict[str, list[Quote]] = {}
    for quote in quotes:
        grouped.setdefault(" ".join(quote.text.split()).casefold(), []).append(quote)
    return list(grouped.values())


def quote_source(same: list[Quote]) -> str:
    """Where a group of identical quotes came from: names (if any), departments, day, count."""
    first = same[0]
    places = list(dict.fromkeys(q.department for q in same))
    names = list(dict.fromkeys(q.manager for q in same if q.manager))
    parts = [", ".join(names), ", ".join(places), f"{first.day.day} {first.day:%b %Y}"]
    if len(same) > 1:
        parts.append(f"said by {len(same)} managers")
    return " · ".join(p for p in parts if p)


def _quotes(quotes: list[Quote]) -> Iterator[Block]:
    """Quotes in order, identical wording from several managers shown once with its sources."""
    groups = group_quotes(quotes)
    for same in groups[:QUOTES_SHOWN]:
        yield QuoteBlock(same[0].text, quote_source(same))
    hidden = sum(len(same) for same in groups[QUOTES_SHOWN:])
    if hidden > 0:
        yield Paragraph(f"{hidden} more exec notes are in the CSV export.", muted=True)


def _agenda(summary: Summary) -> Iterator[Block]:
    yield Heading("Agenda feedback")
    if not summary.agenda and not summary.other_quotes:
        yield Paragraph("No answers to agenda items were recorded in this period.", muted=True)
        return
    for rollup in summary.agenda:
        yield Heading(rollup.item, 3)
        who = "manager" if rollup.managers_answered == 1 else "managers"
        quoted = f"; {len(rollup.quotes)} marked for executives" if rollup.quotes else ""
        yield Paragraph(f"Answered by {rollup.managers_answered} {who}{quoted}.", muted=True)
        yield from _quotes(rollup.quotes)
    if summary.other_quotes:
        yield Heading("Other notes for leadership", 3)
        yield from _quotes(summary.other_quotes)


def _followups(summary: Summary) -> Iterator[Block]:
    yield Heading("Follow-ups")
    if not summary.followup_groups:
        yield Paragraph("No follow-ups were open or agreed in this period.", muted=True)
        return
    rows = tuple(
        (g.department, str(g.opened), str(g.done), str(g.open), str(g.overdue))
        for g in summary.followup_groups
    )
    headers = ("Department", "Opened", "Done", "Open at end", "Overdue")
    yield Table(headers, rows, frozenset(range(1, 5)))


def _people(summary: Summary) -> Iterator[Block]:
    yield Heading("Joiners and leavers")
    if not summary.people_moves:
        yield Paragraph("No one joined or left in this period.", muted=True)
        return
    rows = tuple((m.department, str(m.joiners), str(m.leavers)) for m in summary.people_moves)
    yield Table(("Department", "Joiners", "Leavers"), rows, frozenset({1, 2}))


def _cases(summary: Summary) -> Iterator[Block]:
    yield Heading("Cases")
    if not summary.case_groups:
        yield Paragraph("No cases were open or opened in this period.", muted=True)
        return
    rows = tuple(
        (
            case_kind_label(g.kind),
            str(g.opened),
            str(g.closed),
            str(g.open),
            _days(g.median_open_days),
            _days(g.oldest_open_days),
            _days(g.median_close_days),
        )
        for g in summary.case_groups
    )
    headers = ("Kind", "Opened", "Closed", "Open", "Median age", "Oldest", "Median to close")
    yield Table(headers, rows, frozenset(range(1, 7)))
    yield Paragraph("Ages and times to close are in days.", muted=True)


def _engagement(summary: Summary) -> Iterator[Block]:
    yield Heading("Engagement")
    if not summary.engagement:
        yield Paragraph("No engagement results up to the end of this period.", muted=True)
        return
    rows = tuple(
        (
            e.department,
            e.period,
            e.score_text,
            f"{e.previous_period}: {e.previous_text}" if e.previous_period else "–",
            e.change_text or "–",
            str(e.teams) + (f" ({e.teams_too_few} too few responses)" if e.teams_too_few else ""),
        )
        for e in summary.engagement
    )
    headers = ("Department", "Period", "Result", "Before", "Change", "Teams")
    yield Table(headers, rows)
