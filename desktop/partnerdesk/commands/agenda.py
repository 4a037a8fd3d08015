"""Agenda verbs: ``agenda lint|show|list|new|import|export|publish``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from partnerdesk.core import clock, daytext


def register(sub: argparse._SubParsersAction) -> None:
    agenda = sub.add_parser("agenda", help="the monthly agenda and the question linter")
    verbs = agenda.add_subparsers(dest="agenda_verb", metavar="ACTION", required=True)

    lint = verbs.add_parser(
        "lint",
        help="flag opinion-collecting questions and suggest action-oriented rewrites",
        description="Exit status: 0 when the text is clean, 1 when a question should be rephrased.",
    )
    lint.add_argument(
        "text",
        nargs="?",
        help='the text to check ("-" reads it from standard input)',
    )
    lint.add_argument(
        "--file",
        type=Path,
        metavar="AGENDA.toml",
        help="check every item and prompt of an agenda file instead",
    )
    lint.set_defaults(handler=lint_cmd, reads_only=True)

    show = verbs.add_parser("show", help="print a month's agenda")
    show.add_argument("month", metavar="YYYY-MM")
    show.set_defaults(handler=show_cmd, reads_only=True)

    listing = verbs.add_parser("list", help="list the months that have an agenda")
    listing.set_defaults(handler=list_cmd, reads_only=True)

    new = verbs.add_parser("new", help="start a month's agenda as a draft")
    new.add_argument("month", metavar="YYYY-MM")
    new.add_argument(
        "--from",
        dest="start_from",
        choices=("previous", "template", "empty"),
        default="previous",
        help="copy the latest earlier agenda (default; the template when there is none), "
        "the shipped template, or nothing",
    )
    new.set_defaults(handler=new_cmd)

    imp = verbs.add_parser("import", help="import an agenda file (TOML) as the month's draft")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--replace",
        action="store_true",
        help="replace an already published agenda (it goes back to draft)",
    )
    imp.set_defaults(handler=import_cmd)

    exp = verbs.add_parser("export", help="write a month's agenda to a file (TOML)")
    exp.add_argument("file", type=Path)
    exp.add_argument("--month", metavar="YYYY-MM", help="which month (default: this month)")
    exp.set_defaults(handler=export_cmd, reads_only=True)

    pub = verbs.add_parser("publish", help="publish a month's agenda (HR lead only)")
    pub.add_argument("month", metavar="YYYY-MM")
    pub.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        help="the HR lead's email (default: the user of this profile)",
    )
    pub.set_defaults(handler=publish_cmd)


def lint_cmd(args: argparse.Namespace, ctx) -> int:
    """Print each finding with its explanation and rewrites; 1 when something is flagged."""
    from partnerdesk.core.linter import LinterRulesError, default_linter

    if args.file is not None:
        from partnerdesk.core.agenda import AgendaFileError, read_agenda_file

        try:
            doc = read_agenda_file(args.file)
        except AgendaFileError as exc:
            print(f"partnerdesk: {exc}", file=sys.stderr)
            return 2
        texts = [
            (f"{item.section}, item {index}{suffix}", text)
            for name in doc.section_names()
            for index, item in enumerate(doc.items_in(name), 1)
            for suffix, text in [("", item.text)]
            + [(f", prompt {n}", p) for n, p in enumerate(item.prompts, 1)]
        ]
    elif args.text is not None and (args.text == "-" or args.text.strip()):
        texts = [("", sys.stdin.read() if args.text == "-" else args.text)]
    else:
        print(
            'partnerdesk: give a text to check, "-" for standard input, or --file FILE.',
            file=sys.stderr,
        )
        return 2
    try:
        linter = default_linter()
        found = [(where, finding) for where, text in texts for finding in linter.lint(text)]
    except LinterRulesError as exc:
        print(f"partnerdesk: {exc}", file=sys.stderr)
        return 2
    if not found:
        print("Clean: no opinion-collecting or yes/no questions found.")
        return 0
    for number, (where, finding) in enumerate(found, 1):
        place = f"{where}: " if where else ""
        print(f'{number}. {place}"{finding.excerpt}"  [{finding.rule_id}]')
        print(f"   Why: {finding.explanation}")
        for index, rewrite in enumerate(finding.rewrites):
            print(f"   {'Try:' if index == 0 else '  or:'} {rewrite}")
    noun = "question" if len(found) == 1 else "questions"
    print(f"{len(found)} {noun} to rephrase.")
    return 1


def show_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService, check_month

    doc = AgendaService(ctx.open_store()).get(check_month(args.month))
    if doc is None:
        print(
            f"partnerdesk: {args.month} has no agenda yet; start one with "
            f"`partnerdesk agenda new {args.month}` or import a file.",
            file=sys.stderr,
        )
        return 1
    state = f"published {doc.published_at:%Y-%m-%d}" if doc.is_published else "draft"
    print(f"{doc.title}  ({doc.month}, {state})")
    for name, minutes in doc.sections:
        print()
        print(f"{name}" + (f"  ({minutes} min)" if minutes else ""))
        items = doc.items_in(name)
        if not items:
            print("  (no items)")
        for number, item in enumerate(items, 1):
            extras = []
            if item.item_date:
                extras.append(daytext.weekday(item.item_date, year=False))
            if item.audience_kind != "all":
                extras.append(f"for {item.audience_label}")
            suffix = f"  [{'; '.join(extras)}]" if extras else ""
            print(f"  {number}. {item.text}{suffix}")
            for prompt in item.prompts:
                print(f"     - {prompt}")
    return 0


def list_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService, month_label

    months = AgendaService(ctx.open_store()).months()
    if not months:
        print("No agendas yet. Start one with `partnerdesk agenda new YYYY-MM`.")
    for month, status in months:
        print(f"{month}  {month_label(month):<15} {status}")
    return 0


def new_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService

    doc = AgendaService(ctx.open_store()).create(args.month, start_from=args.start_from)
    print(
        f"Started the {doc.month} agenda as a draft: {len(doc.sections)} sections, "
        f"{len(doc.items)} items."
    )
    return 0


def import_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService

    doc = AgendaService(ctx.open_store()).import_file(args.file, replace_existing=args.replace)
    print(
        f"Imported the {doc.month} agenda as a draft: {len(doc.sections)} sections, "
        f"{len(doc.items)} items. Publish it with `partnerdesk agenda publish {doc.month}`."
    )
    return 0


def export_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService, check_month, month_of

    month = check_month(args.month) if args.month else month_of(clock.today())
    doc = AgendaService(ctx.open_store()).export_file(month, args.file)
    print(f"Wrote the {doc.month} agenda ({len(doc.items)} items) to {args.file}.")
    return 0


def publish_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.agenda import AgendaService
    from partnerdesk.core.me import get_me
    from partnerdesk.core.reps import require_rep
    from partnerdesk.core.store.engine import StoreError

    store = ctx.open_store()
    rep = require_rep(store, args.as_email) if args.as_email else get_me(store)
    if rep is None:
        raise StoreError("This profile has no user yet; pass --as EMAIL (the HR lead's email).")
    doc = AgendaService(store).publish(args.month, rep.id if rep else None)
    print(f"Published the {doc.month} agenda ({len(doc.items)} items) as {rep.name}.")
    return 0
