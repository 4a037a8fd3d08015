"""The summary as a slide deck for the 15-minute executive slot (PowerPoint, via python-pptx).

A title slide, then one slide per section in ``SECTIONS``: headline numbers, cadence,
signals, recurring themes, agenda feedback, asks for leadership, and how the figures are
made. A section is one function ``(deck, summary) -> None`` that adds at most one slide
(with speaker notes) or none when it has nothing to say; a new section (lifecycle,
engagement, cases) is one more function in ``SECTIONS``. The deck says what the other
formats say, from the same ``Summary``: it never sees a private note, a team note's text
or a person's name unless the summary names individuals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Pt

from partnerdesk.core import daytext
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.reports.deck import (
    ACCENTS,
    INCH,
    MAIN,
    MUTED,
    TABLE_ROW,
    WHITE,
    Box,
    Colour,
    Deck,
    Line,
    Run,
    Series,
    line,
)
from partnerdesk.core.reports.layout import (
    group_quotes,
    headline_figures,
    privacy_statement,
    quote_source,
)
from partnerdesk.core.reports.model import (
    SIGNAL_KIND_LABELS,
    CadenceRow,
    SignalGroup,
    Summary,
    kind_label,
)

MAX_SLIDES = 12
THEMES_ON_SLIDE = 8
AGENDA_ITEMS_ON_SLIDE = 3
QUOTES_PER_ITEM = 2
ASKS_PER_COLUMN = 5
#: Signal kinds in the app's order take accents 2 to 6 (accent 1 is the main series).
KIND_COLOURS = {kind: Colour(ACCENTS[1 + i]) for i, kind in enumerate(list(SIGNAL_KIND_LABELS)[:5])}
OTHER_KIND = Colour(MSO_THEME_COLOR.TEXT_2, 0.5)

Section = Callable[[Deck, Summary], None]


def render_deck(summary: Summary, template: Path | None = None) -> bytes:
    """The deck as ``.pptx`` bytes, laid on ``template`` (the shipped one by default)."""
    deck = Deck(template)
    deck.footer = f"{summary.period.label} · {summary.scope_label}"
    title_slide(deck, summary)
    for section in SECTIONS:
        section(deck, summary)
    return deck.save()


def write_deck(summary: Summary, path: Path, template: Path | None = None) -> None:
    atomic_write_bytes(path, render_deck(summary, template))


def deck_title(summary: Summary) -> str:
    cadence = "Quarterly" if summary.period.kind == "quarter" else "Monthly"
    return f"{cadence} people update — {summary.period.label}"


def title_slide(deck: Deck, summary: Summary) -> None:
    subtitle = (
        f"{summary.scope_label}\n{summary.period.span} · figures as of "
        f"{daytext.long_day(summary.as_of)}\nPrepared by the People Partner team"
    )
    deck.title_slide(deck_title(summary), subtitle)


# ----- sections --------------------------------------------------------------------------


def headline(deck: Deck, summary: Summary) -> None:
    h = summary.headline
    never = f"; {_count(h.never_met, 'manager')} never met" if h.never_met else ""
    notes = (
        f"In {summary.period.label} we held {h.meetings_met} of the {h.meetings_due} "
        f"meetings due with our {h.managers} managers: {h.adherence} adherence. "
        f"{h.managers_met} of {h.managers} managers were met at least once{never}. "
        f"{_are(h.signals_open, 'signal')} open at the end of the period "
        f"({h.signals_opened} raised, {h.signals_resolved} resolved), and "
        f"{_are(h.followups_overdue, 'follow-up')} overdue."
    )
    message = f"{h.adherence} of due meetings held · {_count(h.signals_open, 'open signal')}"
    slide, box = deck.content_slide("Headline numbers", message, notes)
    tile_height = min(int(2.7 * INCH), box.height)
    tiles = Box(box.left, box.top + (box.height - tile_height) // 3, box.width, tile_height)
    deck.tiles(slide, tiles, headline_figures(summary))


def cadence(deck: Deck, summary: Summary) -> None:
    by_rep = len(summary.cadence_by_department) < 2 and len(summary.cadence_by_rep) > 1
    rows = summary.cadence_by_rep if by_rep else summary.cadence_by_department
    title = "Cadence adherence by HR rep" if by_rep else "Cadence adherence by department"
    h = summary.headline
    if not rows:
        notes = "There are no active managers in this scope, so no meetings were due."
        slide, box = deck.content_slide(title, "No active managers in this scope", notes)
        return
    due = [r for r in rows if r.due]
    low = min(due, key=_rate) if due else None
    high = max(due, key=_rate) if due else None
    message = f"{h.adherence} of due meetings held"
    spread = ""
    if low and high and low is not high:
        message += f" · lowest: {low.label} {low.adherence}"
        spread = (
            f"{low.label} is lowest at {low.adherence} and {high.label} highest at "
            f"{high.adherence}. "
        )
    notes = (
        f"We held {h.meetings_met} of the {h.meetings_due} meetings that managers' cadence "
        f"asked for up to {summary.as_of.day} {summary.as_of:%B}: {h.adherence}. {spread}"
        + (
            f"{_count(h.never_met, 'manager')} never had a meeting; that is where we need "
            "their executive's help to get time in the diary."
            if h.never_met
            else "Every manager has had at least one meeting."
        )
    )
    slide, box = deck.content_slide(title, message, notes)
    chart_box, side = box.columns(2, 0.4, (2.2, 1))
    deck.bar_chart(
        slide,
        chart_box,
        [f"{r.label} · {r.adherence}" for r in rows],
        [
            Series("Held", tuple(r.held for r in rows), MAIN),
            Series("Due", tuple(r.due for r in rows), Colour(MAIN.theme, 0.6)),
        ],
    )
    facts = [
        ("Managers", str(h.managers)),
        ("Meetings due", str(h.meetings_due)),
        ("Held (counted)", str(h.meetings_met)),
        ("Rescheduled", str(h.rescheduled)),
        ("Never met", str(h.never_met)),
    ]
    _fact_list(deck, slide, side, facts, "Adherence counts at most the meetings due per manager.")


def signals(deck: Deck, summary: Summary) -> None:
    if not summary.signal_groups:
        return
    h = summary.headline
    table = summary.open_signals_by_department()
    departments = sorted(table, key=str.casefold)
    kinds = [k for k in summary.signal_kinds() if any(k in row for row in table.values())]
    totals = {kind: sum(row.get(kind, 0) for row in table.values()) for kind in kinds}
    top = max(kinds, key=lambda k: totals[k]) if kinds else None
    message = f"{_count(h.signals_open, 'signal')} open at period end"
    if top:
        message += f" · most: {kind_label(top)} ({totals[top]})"
    oldest = max(summary.signal_groups, key=lambda g: g.oldest_open_days or -1)
    old_note = (
        f"The oldest open one is a {kind_label(oldest.kind).lower()} signal in "
        f"{oldest.department}, open {oldest.oldest_open_days} days."
        if oldest.oldest_open_days is not None
        else "None is still open."
    )
    busiest = max(departments, key=lambda d: sum(table[d].values())) if departments else ""
    notes = (
        f"Managers raised {_count(h.signals_opened, 'signal')} this period and we resolved "
        f"{h.signals_resolved}; {h.signals_open} "
        f"{'is' if h.signals_open == 1 else 'are'} open at the end of it"
        + (f", the most in {busiest} ({sum(table[busiest].values())}). " if busiest else ". ")
        + old_note
    )
    one = len(departments) == 1
    title = f"Signals by kind in {departments[0]}" if one else "Signals by kind and department"
    slide, box = deck.content_slide(title, message, notes)
    chart_box, side = box.columns(2, 0.4, (2.2, 1))
    if one:  # a department's update: one bar per kind
        values = tuple(totals[k] for k in kinds)
        deck.bar_chart(
            slide, chart_box, [kind_label(k) for k in kinds], [Series("Open", values, MAIN)]
        )
    elif departments:
        deck.bar_chart(
            slide,
            chart_box,
            departments,
            [
                Series(kind_label(k), tuple(table[d].get(k, 0) for d in departments), _kind(k))
                for k in kinds
            ],
            stacked=True,
        )
    else:
        deck.text(slide, chart_box, [line("No signal is open at the end of the period.", 18)])
    facts = [
        ("Raised this period", str(h.signals_opened)),
        ("Resolved", str(h.signals_resolved)),
        ("Open at period end", str(h.signals_open)),
    ]
    facts += [(kind_label(k), str(totals[k])) for k in kinds]
    _fact_list(deck, slide, side, facts, "Open counts are at the end of the period.")


def themes(deck: Deck, summary: Summary) -> None:
    if not summary.themes:
        return
    first = summary.themes[0]
    message = f"{first.department}: #{first.tag} raised by {first.managers} managers"
    shown = summary.themes[:THEMES_ON_SLIDE]
    departments = sorted({t.department for t in summary.themes}, key=str.casefold)
    notes = (
        f"{_count(len(summary.themes), 'theme')} came up with {summary.theme_threshold} or "
        f"more managers of the same department, in {', '.join(departments)}. The widest is "
        f"#{first.tag} in {first.department}, raised by {first.managers} managers. These are "
        "the places where one fix helps many teams at once."
    )
    slide, box = deck.content_slide("Recurring themes", message, notes)
    rows = [(t.department, f"#{t.tag}", str(t.managers), str(t.mentions)) for t in shown]
    deck.table(
        slide,
        box,
        ("Department", "Theme", "Managers", "Mentions"),
        rows,
        numeric=frozenset({2, 3}),
        widths=(3, 4, 1.4, 1.4),
    )
    hidden = len(summary.themes) - len(shown)
    caption = (
        f"A theme recurs when {summary.theme_threshold} or more managers of one department "
        "tag it on shared notes or signals."
    )
    if hidden > 0:
        caption += f" {hidden} more in the workbook."
    table_bottom = box.top + int(TABLE_ROW * INCH) * (len(rows) + 1)
    below = Box(box.left, table_bottom + INCH // 5, box.width, int(0.4 * INCH))
    deck.text(slide, below, [line(caption, 12, colour=MUTED)])


def agenda(deck: Deck, summary: Summary) -> None:
    items = sorted(summary.agenda, key=lambda r: -r.managers_answered)[:AGENDA_ITEMS_ON_SLIDE]
    columns: list[tuple[str, str, list]] = []
    for rollup in items:
        marked = f" · {_count(len(rollup.quotes), 'note')} for leadership" if rollup.quotes else ""
        answered = f"Answered by {_count(rollup.managers_answered, 'manager')}{marked}"
        columns.append((rollup.item, answered, group_quotes(rollup.quotes)))
    if summary.other_quotes and len(columns) < AGENDA_ITEMS_ON_SLIDE:
        other = group_quotes(summary.other_quotes)
        columns.append(("Other notes for leadership", _count(len(other), "note"), other))
    if not columns:
        return
    answers = sum(r.managers_answered for r in summary.agenda)
    top = items[0] if items else None
    message = f"{_count(len(summary.agenda), 'agenda item')} answered · {answers} answers"
    notes = (
        f"We asked managers the agenda's questions in {summary.period.label}; "
        f"{_count(answers, 'answer')} came back on {_count(len(summary.agenda), 'item')}. "
        + (
            f"The most answered was \u201c{_clip(top.item, 80)}\u201d, with "
            f"{top.managers_answered} managers. "
            if top
            else ""
        )
        + "The quotes are only from notes their authors marked for leadership."
    )
    slide, box = deck.content_slide("Agenda feedback across managers", message, notes)
    for part, (item, answered, quotes) in zip(
        box.columns(len(columns), 0.35), columns, strict=True
    ):
        lines = [line(_clip(item, 110), 16, bold=True), line(answered, 12, colour=MUTED)]
        for same in quotes[:QUOTES_PER_ITEM]:
            lines.append(
                line(f"\u201c{_clip(same[0].text, 170)}\u201d", 14, italic=True, space_before=10)
            )
            lines.append(line(quote_source(same), 11, colour=MUTED))
        deck.text(slide, part, lines)


def asks(deck: Deck, summary: Summary) -> None:
    headcount = _kind_asks(summary, "headcount", "open headcount request")
    training = _kind_asks(summary, "training", "open training need")
    decisions = _decisions(summary)
    counts = [len(headcount), len(training), len(decisions)]
    message = (
        f"Headcount: {counts[0]} · Training: {counts[1]} · Decisions: {counts[2]}"
        if any(counts)
        else "Nothing to ask of leadership this period"
    )
    notes = _asks_notes(headcount, training, decisions)
    slide, box = deck.content_slide("Asks for leadership", message, notes)
    columns = (
        ("Headcount", headcount, "No open headcount requests."),
        ("Training", training, "No open training needs."),
        ("Decisions", decisions, "No decision needed this period."),
    )
    for part, (name, entries, empty) in zip(box.columns(3, 0.35), columns, strict=True):
        header, body = part.rows((0.55, 0), 0.15)
        band = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, header.left, header.top, header.width, header.height
        )
        band.adjustments[0] = 0.15
        band.fill.solid()
        MAIN.apply(band.fill.fore_color)
        band.line.fill.background()
        band.shadow.inherit = False
        band.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        run = band.text_frame.paragraphs[0].add_run()
        run.text = name
        run.font.size, run.font.bold = Pt(18), True
        run.font.color.rgb = WHITE
        shown = entries[:ASKS_PER_COLUMN]
        lines = [line(entry, 15, bullet=True, space_before=8) for entry in shown]
        if len(entries) > len(shown):
            lines.append(
                line(
                    f"and {len(entries) - len(shown)} more (see the workbook's signals and themes)",
                    12,
                    colour=MUTED,
                    space_before=8,
                )
            )
        deck.text(slide, body, lines or [line(empty, 15, colour=MUTED)])


def about(deck: Deck, summary: Summary) -> None:
    notes = (
        "If asked where the numbers come from: they come from the People Partners' own "
        "meeting records. Only notes their authors marked for leadership are quoted, and "
        "nobody is named unless we chose to."
    )
    slide, box = deck.content_slide("About these figures", "How the numbers are made", notes)
    lines = [
        line(
            "Cadence: meetings held against each manager's cadence (monthly; quarterly for "
            "teams of two or fewer, or the manager's preference). Extra meetings do not make "
            f"up for missed ones; a month counts once it has ended, up to "
            f"{daytext.long_day(summary.as_of)}.",
            15,
            bullet=True,
        ),
        line(privacy_statement(summary), 15, bullet=True, space_before=10),
        line(
            "Detail by manager, signal and follow-up is in the Excel workbook from the same "
            "summary.",
            15,
            bullet=True,
            space_before=10,
        ),
    ]
    deck.text(slide, box, lines)


#: The deck's sections after the title slide, in order; each adds one slide or none.
SECTIONS: tuple[Section, ...] = (headline, cadence, signals, themes, agenda, asks, about)


# ----- helpers ---------------------------------------------------------------------------


def _fact_list(deck: Deck, slide, box: Box, facts: list[tuple[str, str]], caption: str) -> None:
    """A small two-column list of figures beside a chart, with a muted caption."""
    lines = [
        Line((Run(f"{value}  ", 22, bold=True, colour=MAIN), Run(label, 15)), space_before=6)
        for label, value in facts
    ]
    lines.append(line(caption, 11, colour=MUTED, space_before=14))
    deck.text(slide, box, lines)


def _kind(kind: str) -> Colour:
    return KIND_COLOURS.get(kind, OTHER_KIND)


def _rate(row: CadenceRow) -> float:
    return row.met / row.due if row.due else 0.0


def _count(number: int, noun: str) -> str:
    """``3 managers``, ``1 manager``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _are(number: int, noun: str) -> str:
    """``3 signals are``, ``1 signal is``."""
    return f"{_count(number, noun)} {'is' if number == 1 else 'are'}"


def _clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def _open_groups(summary: Summary, kind: str) -> list[SignalGroup]:
    groups = [g for g in summary.signal_groups if g.kind == kind and g.open]
    return sorted(groups, key=lambda g: (-g.open, g.department.casefold()))


def _named(summary: Summary, kind: str, department: str) -> str:
    """`` (Name, Name)`` for the open signals of a kind in a department, when naming people."""
    if not summary.name_individuals:
        return ""
    people = [
        s.person
        for s in summary.signals
        if s.kind == kind and s.department == department and s.status == "open" and s.person
    ]
    return f" ({', '.join(dict.fromkeys(people))})" if people else ""


def _kind_asks(summary: Summary, kind: str, noun: str) -> list[str]:
    return [
        f"{g.department}: {_count(g.open, noun)}, oldest {g.oldest_open_days} days"
        + _named(summary, kind, g.department)
        for g in _open_groups(summary, kind)
    ]


def _decisions(summary: Summary) -> list[str]:
    out = [
        f"{t.department}: who owns a fix for #{t.tag}? ({t.managers} managers raised it)"
        for t in summary.themes[:2]
    ]
    out += [
        f"{g.department}: {_count(g.open, 'flight risk')} open, retention to decide"
        + _named(summary, "flight_risk", g.department)
        for g in _open_groups(summary, "flight_risk")
    ]
    never = summary.headline.never_met
    if never:
        out.append(f"{_count(never, 'manager')} never met: executives to make the time")
    return out


def _asks_notes(headcount: list[str], training: list[str], decisions: list[str]) -> str:
    if not (headcount or training or decisions):
        return "Nothing needs leadership's decision this period; we will come back next time."
    parts = []
    if headcount:
        parts.append(f"{_count(len(headcount), 'department')} asking for headcount")
    if training:
        parts.append(f"{_count(len(training), 'department')} with open training needs")
    if decisions:
        parts.append(f"{_count(len(decisions), 'decision')} for you")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (
        f"We bring {listed}. "
        + (f"First on the list — {decisions[0].rstrip('.')}. " if decisions else "")
        + "We would like an owner and a date for each before the next update."
    )
