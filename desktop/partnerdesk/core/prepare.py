"""The prepared meeting as Markdown: to read on a phone before walking in, or to print.

Agenda items with their prompts, follow-ups carried from earlier meetings, open signals
and cases, the team's lifecycle prompts, the team's engagement (never a score under the
privacy floor) and the last meeting's recap: everything the meeting view shows on open.
"""

from __future__ import annotations

from partnerdesk.core import daytext
from partnerdesk.core.meetings import Prefill
from partnerdesk.core.signals import KIND_LABELS, SEVERITY_LABELS


def _md(text: str) -> str:
    """One line of text, safe inside a Markdown list item."""
    return " ".join(text.split()).replace("|", "\\|")


def engagement_line(prefill: Prefill) -> str:
    """The team's latest result, its change and response rate, in one line."""
    trend = prefill.engagement
    if trend is None:
        return "No engagement results for this team yet."
    latest = trend.latest
    parts = [f"{latest.period}: {latest.score_text}"]
    if trend.change_text:
        parts.append(f"{trend.change_text} since {trend.previous.period}")
    parts.append(latest.response_rate)
    return ", ".join(parts)


def to_markdown(prefill: Prefill) -> str:
    """The prepared meeting as a Markdown document."""
    h = prefill.header
    lines = [
        f"# Meeting with {h.manager_name} — {daytext.weekday(h.planned_for)}",
        "",
        f"{h.manager_title or h.tier} · {h.department or 'no department'} · team of "
        f"{h.team_size} · {h.cadence} · {h.status_label}"
        + (f" · with {h.rep_name}" if h.rep_name else ""),
        "",
        "## Agenda",
        "",
    ]
    if not prefill.items:
        lines += ["No published agenda items for this manager this month.", ""]
    for section, minutes in prefill.sections:
        lines += [f"### {section}" + (f" ({minutes} min)" if minutes else ""), ""]
        for entry in prefill.items_in(section):
            lines.append(f"- {_md(entry.item.text)}")
            lines += [f"  - _{_md(prompt)}_" for prompt in entry.item.prompts]
        lines.append("")
    lines += ["## Team changes", ""]
    lines += [f"- {_md(p.text)}" for p in prefill.team] or ["Nothing new since the last meeting."]
    lines += ["", "## Engagement", "", engagement_line(prefill), ""]
    questions = prefill.engagement.questions if prefill.engagement else ()
    if questions:
        lines += [
            "Questions, lowest first:",
            *[f"- {_md(text)}: {result.score_text}" for text, result in questions],
            "",
        ]
    lines += ["## Follow-ups carried over", ""]
    lines += [
        f"- [ ] {_md(f.text)} ({f.owner}"
        + (f", due {daytext.day(f.due_date, year=False)}" if f.due_date else "")
        + ")"
        for f in prefill.followups
    ] or ["None open."]
    lines += ["", "## Open signals and cases", ""]
    items = [
        f"- {KIND_LABELS.get(s.kind, s.kind)} ({SEVERITY_LABELS.get(s.severity, '')}): "
        f"{_md(s.person or 'Anonymous')} — {_md(s.summary)}"
        for s in prefill.signals
    ]
    items += [
        f"- {c.kind_label} case: {_md(c.person_label)} — {_md(c.summary)} "
        f"(steps {c.progress}"
        + (f", due {daytext.day(c.due_date, year=False)}" if c.due_date else "")
        + ")"
        for c in prefill.cases
        if c.status == "open"
    ]
    lines += items or ["None open."]
    lines += ["", "## Last meeting", ""]
    recap = prefill.recap
    if recap is None:
        lines.append("This is the first meeting with this manager.")
    else:
        lines.append(f"Held {daytext.day(recap.held_on)}.")
        if recap.key_notes:
            lines += ["", "Key notes:", *[f"- {_md(n)}" for n in recap.key_notes]]
        if recap.agreed:
            lines += ["", "Agreed:", *[f"- {_md(a)}" for a in recap.agreed]]
    return "\n".join(lines).rstrip() + "\n"
