"""The ``summary`` verb: export an executive summary (PDF, Markdown, HTML, CSV, pptx, xlsx)."""

from __future__ import annotations

import argparse

from partnerdesk.core.reports import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "summary",
        help="export the executive summary of a month or quarter",
        description="Export the summary of a period for the whole company, one department, "
        "one executive's org or one rep's managers.",
    )
    parser.add_argument("--period", required=True, help="a month (2026-05) or quarter (2026-Q2)")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--department", metavar="NAME", help="only this department")
    scope.add_argument("--exec", metavar="EMAIL", help="only this executive's org")
    scope.add_argument("--rep", metavar="EMAIL", help="only the managers this rep supports")
    parser.add_argument("--format", choices=FORMATS, default="pdf", help="output format")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="file to write (a folder gets a default name); for csv, a folder or a file prefix",
    )
    parser.add_argument(
        "--template",
        metavar="FILE",
        help="for pptx: a company's own .pptx template (default: deck-template.pptx in the "
        "profile folder when present, else the built-in look)",
    )
    parser.add_argument(
        "--name-individuals",
        action="store_true",
        help="name the people in signals and follow-ups (off by default)",
    )
    parser.set_defaults(handler=summary_cmd, reads_only=True)


def summary_cmd(args: argparse.Namespace, ctx) -> int:
    """Build the summary and write it in the chosen format."""
    from pathlib import Path

    from partnerdesk.core.reports.export import export_summary
    from partnerdesk.core.reports.period import Period
    from partnerdesk.core.reports.scope import Scope
    from partnerdesk.core.settings import Settings
    from partnerdesk.core.store.engine import StoreError

    period = Period.parse(args.period)
    if args.template and args.format != "pptx":
        raise StoreError("--template is for the slide deck: add --format pptx, or leave it out.")
    if args.department:
        scope = Scope("department", args.department)
    elif args.exec:
        scope = Scope("executive", args.exec)
    elif args.rep:
        scope = Scope("rep", args.rep)
    else:
        scope = Scope()
    settings = Settings.load(ctx.paths.settings_file)
    renderers = None
    if args.format in ("pdf", "html"):
        from partnerdesk.ui.report_pdf import ensure_gui_application, qt_renderers

        ensure_gui_application()
        renderers = qt_renderers()
    written = export_summary(
        ctx.open_store(),
        period,
        scope,
        args.format,
        Path(args.output).expanduser(),
        name_individuals=args.name_individuals,
        theme_threshold=settings.recurring_theme_managers,
        renderers=renderers,
        template=Path(args.template).expanduser() if args.template else ctx.paths.slide_template(),
    )
    for path in written:
        print(path)
    return 0
