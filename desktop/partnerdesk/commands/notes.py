"""Note verbs: ``search`` (full-text, with filters) and ``followups`` (open, overdue, done)."""

from __future__ import annotations

import argparse
from datetime import date

from partnerdesk.core import clock

#: The CLI is not typing-bound: it ranks this many of the newest matches.
CLI_WINDOW = 5000


def register(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser("search", help="full-text search over notes, follow-ups and signals")
    search.add_argument("query", help='words to find, e.g. "product knowledge"')
    search.add_argument("--manager", metavar="EMAIL", help="only this manager's records")
    search.add_argument("--department", metavar="NAME", help="only this department")
    search.add_argument("--since", metavar="YYYY-MM-DD", help="only records from this day on")
    search.add_argument("--until", metavar="YYYY-MM-DD", help="only records up to this day")
    search.add_argument(
        "--kind",
        action="append",
        choices=("note", "answer", "followup", "signal"),
        help="only this kind (repeat for several)",
    )
    search.add_argument("--limit", type=int, default=20, help="most hits to print (default 20)")
    search.add_argument(
        "--rebuild-index",
        action="store_true",
        help="rebuild the search index from the records first (a repair tool)",
    )
    search.set_defaults(handler=search_cmd, reads_only=True)

    followups = sub.add_parser("followups", help="list follow-ups (open ones by default)")
    followups.add_argument("--overdue", action="store_true", help="only open ones past due")
    followups.add_argument("--week", action="store_true", help="only open ones due this week")
    followups.add_argument("--rep", metavar="EMAIL", help="only this HR rep's follow-ups")
    followups.add_argument("--manager", metavar="EMAIL", help="only this manager's follow-ups")
    followups.add_argument(
        "--status",
        choices=("open", "done", "dropped", "all"),
        default="open",
        help="which follow-ups (default: open)",
    )
    followups.set_defaults(handler=followups_cmd, reads_only=True)


def parse_day(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or a StoreError saying how to write it."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from partnerdesk.core.store.engine import StoreError

        raise StoreError(f"{option} wants a date like 2026-05-01, not {text!r}.") from None


def search_cmd(args: argparse.Namespace, ctx) -> int:
    """Print the best hits, best first, with a highlighted snippet."""
    from partnerdesk.core.followups import find_manager
    from partnerdesk.core.search import KIND_LABELS, fts_query, search
    from partnerdesk.core.store.engine import StoreError

    since = parse_day(args.since, "--since")
    until = parse_day(args.until, "--until")
    if not fts_query(args.query):
        raise StoreError("Give at least one word to search for.")
    if args.limit < 1:
        raise StoreError("--limit must be at least 1.")
    store = ctx.open_store()
    if args.rebuild_index:
        from partnerdesk.core.search import rebuild_index

        print(f"Search index rebuilt: {rebuild_index(store)} records.")
    manager_id = find_manager(store, args.manager).id if args.manager else None
    hits = search(
        store,
        args.query,
        manager_id=manager_id,
        department=args.department,
        since=since,
        until=until,
        kinds=args.kind,
        limit=args.limit,
        prefix=False,
        window=CLI_WINDOW,
    )
    if not hits:
        print(f"No matches for {args.query!r}.")
        return 0
    for hit in hits:
        when = clock.local_day(hit.at).isoformat() if hit.at else "----------"
        who = hit.manager_name or "no manager"
        if hit.department:
            who += f" ({hit.department})"
        private = " [private]" if hit.visibility == "private" else ""
        print(f"{when}  {KIND_LABELS.get(hit.kind, hit.kind)}  {who}{private}")
        print(f"    {hit.snippet_text()}")
    print(f"{len(hits)} match{'es' if len(hits) != 1 else ''}.")
    return 0


def followups_cmd(args: argparse.Namespace, ctx) -> int:
    """Print follow-ups, soonest due first."""
    from partnerdesk.core.followups import (
        STATUS_LABELS,
        FollowUpFilter,
        find_manager,
        find_rep,
        list_followups,
    )
    from partnerdesk.core.me import get_me

    store = ctx.open_store()
    statuses = () if args.status == "all" else (args.status,)
    flt = FollowUpFilter(
        statuses=statuses,
        overdue=args.overdue,
        due_this_week=args.week,
        rep_id=find_rep(store, args.rep).id if args.rep else None,
        manager_id=find_manager(store, args.manager).id if args.manager else None,
    )
    me = get_me(store)
    rows = list_followups(store, flt, me.id if me else None)
    if not rows:
        print("No follow-ups match.")
        return 0
    today = clock.today()
    for row in rows:
        due = row.due_date.isoformat() if row.due_date else "no date   "
        flag = "OVERDUE " if row.is_overdue(today) else ""
        status = "" if row.status == "open" else f" [{STATUS_LABELS[row.status]}]"
        manager = row.manager_name or "no manager"
        print(f"{due}  {flag}{row.text}{status}")
        print(f"    owner: {row.owner_label}; manager: {manager}")
    print(f"{len(rows)} follow-up{'s' if len(rows) != 1 else ''}.")
    return 0
