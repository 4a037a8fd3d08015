"""The ``schedule`` verb: who is due, overdue or never met, and the .ics export.

``partnerdesk schedule [--rep EMAIL] [--month YYYY-MM]`` prints one line per active
manager; ``partnerdesk schedule --ics FILE [--rep EMAIL]`` writes the planned meetings.
"""

from __future__ import annotations

import argparse

from partnerdesk.core.words import plural


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schedule",
        help="each manager's cadence, last and next meeting and status",
        description="One line per active manager: name, email, rep, cadence, last and next "
        "meeting, status (never met / overdue / due / met / not due).",
    )
    parser.add_argument("--rep", metavar="EMAIL", help="only the managers of this rep")
    parser.add_argument("--month", metavar="YYYY-MM", help="the month to judge (default: now)")
    parser.add_argument("--ics", metavar="FILE", help="write planned meetings as an .ics file")
    parser.set_defaults(handler=schedule_cmd, reads_only=True)


def schedule_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.reps import require_rep
    from partnerdesk.core.schedule import (
        count_unassigned_managers,
        export_ics,
        month_from,
        schedule,
        unassigned_note,
    )

    month = month_from(args.month)
    store = ctx.open_store()
    rep = require_rep(store, args.rep) if args.rep else None
    if args.ics:
        count = export_ics(store, args.ics, rep.id if rep else None)
        print(f"Wrote {plural(count, 'planned meeting')} to {args.ics}.")
        return 0
    rows = schedule(store, month, rep.id if rep else None)
    if not rows:
        whose = f"{rep.name} has" if rep else "There are"
        print(f"{whose} no active managers. Import a roster: partnerdesk roster import FILE")
        return 0
    table = [("Manager", "Email", "Rep", "Cadence", "Last met", "Next", "Status")]
    for row in rows:
        status = row.status + (" - re-evaluate cadence?" if row.reevaluate else "")
        table.append(
            (
                row.name,
                row.email,
                row.rep,
                row.cadence,
                _day(row.last_met),
                _day(row.next_meeting),
                status,
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]) - 1)]
    print(f"Schedule for {month:%B %Y}" + (f", {rep.name}" if rep else ""))
    for line in table:
        cells = [cell.ljust(w) for cell, w in zip(line, widths, strict=False)]
        print("  ".join([*cells, line[-1]]))
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("due", "overdue", "never met")}
    print(
        f"\n{plural(len(rows), 'manager')}: {counts['due']} due this month, "
        f"{counts['overdue']} overdue, "
        f"{counts['never met']} never met."
    )
    if note := unassigned_note(count_unassigned_managers(store)):
        from partnerdesk.core.reps import list_reps

        step = (
            "partnerdesk roster assign --strategy blended"
            if list_reps(store)
            else "add the reps first: partnerdesk rep add NAME EMAIL, "
            "then partnerdesk roster assign"
        )
        print(f"{note[0].upper()}{note[1:]} ({step})")
    return 0


def _day(value) -> str:
    return value.isoformat() if value else "-"
