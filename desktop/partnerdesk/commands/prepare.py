"""The ``prepare`` and ``engagement`` verbs: the prepared meeting as Markdown, survey results.

``partnerdesk prepare EMAIL [--month YYYY-MM]`` prints the manager's meeting of the
month prepared; ``partnerdesk engagement import FILE`` stores engagement results (CSV or
XLSX) and ``partnerdesk engagement`` shows them by department (never a score for a group
under five respondents).
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "prepare",
        help="print a manager's prepared meeting as Markdown",
        description="The agenda items, carried follow-ups, open signals and cases, team "
        "changes, engagement and last meeting's recap, as Markdown.",
    )
    parser.add_argument("email", metavar="EMAIL", help="the manager's email")
    parser.add_argument("--month", metavar="YYYY-MM", help="the meeting's month (default: now)")
    parser.set_defaults(handler=prepare_cmd)
    engagement = sub.add_parser(
        "engagement",
        help="import engagement survey results, or show them by department",
        description="Without a command: engagement by department with its trend.",
    )
    engagement.set_defaults(handler=engagement_cmd, engagement_verb=None)
    verbs = engagement.add_subparsers(dest="engagement_verb", metavar="COMMAND")
    load = verbs.add_parser(
        "import",
        help="import a CSV or XLSX of results per manager or team",
        description="Columns: manager email (or identifier), period (2026-Q3 or 2026-09), "
        "favourable %% or score, respondents, invited; question optional.",
    )
    load.add_argument("file", metavar="FILE")
    load.set_defaults(handler=engagement_cmd)


def prepare_cmd(args: argparse.Namespace, ctx) -> int:
    from sqlalchemy import func, select

    from partnerdesk.core.meetings import MeetingError, MeetingService
    from partnerdesk.core.prepare import to_markdown
    from partnerdesk.core.schedule import month_from
    from partnerdesk.core.store.models import Manager

    month = month_from(args.month)
    store = ctx.open_store()
    with store.session() as session:
        manager_id = session.scalar(
            select(Manager.id)
            .where(
                func.lower(Manager.email) == args.email.strip().lower(), Manager.deleted.is_(False)
            )
            .order_by(Manager.active.desc())
        )
    if manager_id is None:
        raise MeetingError(
            f"No manager has the email {args.email}; check it with partnerdesk schedule."
        )
    print(to_markdown(MeetingService(store).prepare(manager_id, month)), end="")
    return 0


def engagement_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.engagement import departments, import_results

    store = ctx.open_store()
    if args.engagement_verb == "import":
        for line in import_results(store, args.file).lines():
            print(line)
        return 0
    rows = departments(store)
    if not rows:
        print("No engagement results. Import some: partnerdesk engagement import FILE")
        return 0
    from partnerdesk.commands.lifecycle import print_table

    table = [("Department", "Period", "Result", "Before", "Change", "Teams")]
    for r in rows:
        teams = f"{r.teams}" + (
            f" ({r.teams_too_few} with too few responses)" if r.teams_too_few else ""
        )
        before = f"{r.previous_period}: {r.previous_text}" if r.previous_period else ""
        table.append((r.department, r.period, r.score_text, before, r.change_text, teams))
    print_table(table)
    return 0
