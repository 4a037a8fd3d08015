"""The ``lifecycle`` and ``cases`` verbs: joiners, trials, moves and leavers, and the cases.

``partnerdesk lifecycle [--manager EMAIL] [--since YYYY-MM-DD]`` lists the events read
from roster imports; ``partnerdesk cases [--open] [--kind KIND]`` lists the cases, and
``partnerdesk cases --auto on|off`` turns the automatic onboarding and exit cases on or off.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date

from partnerdesk.core.store.models import CASE_KINDS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lifecycle",
        help="joiners, trial ends, moves, leave and leavers from the roster imports",
        description="One line per lifecycle event (oldest first), read from successive "
        "roster imports.",
    )
    parser.add_argument("--manager", metavar="EMAIL", help="only this manager's team (moves too)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only events on or after this day")
    parser.set_defaults(handler=lifecycle_cmd)
    cases = sub.add_parser(
        "cases",
        help="cases (onboarding, trials, performance, reviews, leave, exits)",
        description="One line per case: kind, person, manager, owner, opened, due, "
        "checklist progress and status.",
    )
    cases.add_argument("--open", action="store_true", help="only open cases")
    cases.add_argument("--kind", choices=CASE_KINDS, help="only cases of this kind")
    cases.add_argument(
        "--auto",
        choices=("on", "off"),
        help="turn the onboarding and exit cases that joiners and leavers open on or off",
    )
    cases.set_defaults(handler=cases_cmd)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD option value, or one clear error line."""
    from partnerdesk.core.store.engine import StoreError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"{option} takes a day as YYYY-MM-DD, not {text!r}.") from None


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows as aligned columns (the first row is the header; the last column is free)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())


def lifecycle_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.lifecycle import list_events

    since = parse_day(args.since, "--since") if args.since else None
    events = list_events(ctx.open_store(), manager_email=args.manager, since=since)
    if not events:
        print(_none_found(args.manager, since))
        return 0
    table = [("Date", "Person", "Event", "Manager", "Department")]
    for e in events:
        table.append((f"{e.on:%Y-%m-%d}", e.person, e.describe(), e.manager_email, e.department))
    print_table(table)
    return 0


def _none_found(manager: str | None, since: date | None) -> str:
    """Why no event is listed: the filters given (a mistyped email is the likely cause),
    else no roster import yet."""
    if not manager and since is None:
        return "No lifecycle events. They come from roster imports: partnerdesk roster import FILE"
    which = f" for {manager}'s team" if manager else ""
    after = f" since {since:%Y-%m-%d}" if since is not None else ""
    check = " Check the email with `partnerdesk schedule`." if manager else ""
    return f"No lifecycle events{which}{after}.{check}"


def cases_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.cases import list_cases, set_auto_cases
    from partnerdesk.core.clock import today

    store = ctx.open_store()
    if args.auto:
        from dataclasses import replace

        from partnerdesk.core.settings import Settings

        on = args.auto == "on"
        set_auto_cases(store, on)
        settings = Settings.load(ctx.paths.settings_file)
        replace(settings, lifecycle_cases=on).save(ctx.paths.settings_file)
        print(f"Joiners and leavers open cases automatically: {args.auto}.")
        return 0
    rows = list_cases(store, open_only=args.open, kind=args.kind)
    if not rows:
        print("No cases.")
        return 0
    day = today()
    table = [("Kind", "Person", "Manager", "Owner", "Opened", "Due", "Steps", "Status")]
    for r in rows:
        status = r.status
        if r.closed_at:
            status += f" {r.closed_at:%Y-%m-%d}"
        else:
            status += f" ({r.age_days(day)} days)"
        table.append(
            (
                r.kind_label,
                r.person_label,
                r.manager_name,
                r.owner,
                f"{r.opened_at:%Y-%m-%d}",
                f"{r.due_date:%Y-%m-%d}" if r.due_date else "",
                r.progress,
                status,
            )
        )
    print_table(table)
    return 0
