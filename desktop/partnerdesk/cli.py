"""The ``partnerdesk`` command: the GUI when no verb is given, headless verbs otherwise.

Each group of verbs lives in its own module under ``partnerdesk.commands`` and
registers itself through ``register(subparsers)``; a verb's handler receives the
parsed arguments and a :class:`~partnerdesk.commands.context.Context`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from partnerdesk import APP_NAME, __version__

#: Modules under partnerdesk.commands that add verbs, in help order.
COMMAND_MODULES = (
    "store",
    "roster",
    "schedule",
    "agenda",
    "notes",
    "team",
    "summary",
    "lifecycle",
    "prepare",
    "demo",
    "backup",
)


class _AppOptionsParser(argparse.ArgumentParser):
    """The app's options alone: any mistake is raised, for the full parser to explain."""

    def error(self, message: str):
        raise argparse.ArgumentError(None, message)


def build_parser(*, verbs: bool = True) -> argparse.ArgumentParser:
    """The argument parser; ``verbs=False`` leaves out the verbs, ``--help`` and ``--version``
    (which the full parser answers, wherever they stand) and raises instead of exiting."""
    parser = (argparse.ArgumentParser if verbs else _AppOptionsParser)(
        prog="partnerdesk",
        description=f"{APP_NAME}: prepare, capture and report People Partner meetings.",
        add_help=verbs,
    )
    if verbs:
        parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="keep the whole profile (database, key file, backups, logs) in DIR "
        "(default: $PARTNERDESK_HOME, else the platform's user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the profile passphrase from FILE (or set PARTNERDESK_PASSPHRASE)",
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="start an empty database although the profile had one (when it is missing)",
    )
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(verb=None)
    if verbs:
        sub = parser.add_subparsers(dest="verb", metavar="VERB")
        for name in COMMAND_MODULES:
            importlib.import_module(f"partnerdesk.commands.{name}").register(sub)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; the verbs' parsers are built only when a verb (or help) is
    asked for, so opening the app does not import every command module."""
    try:
        options, rest = build_parser(verbs=False).parse_known_args(argv)
    except argparse.ArgumentError:
        options, rest = None, argv  # the full parser explains the mistake
    return build_parser().parse_args(argv) if rest else options


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``partnerdesk`` script."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from partnerdesk.commands.context import Context, PlainStream, quiet_broken_pipe, run_handler

    ctx = Context.from_args(args)
    if args.verb is None:
        from partnerdesk.ui.app import run

        return run(ctx, smoke=args.smoke)
    raw_stdout = sys.stdout
    sys.stdout = PlainStream(raw_stdout)
    try:
        code = run_handler(args, ctx)
    finally:
        sys.stdout = raw_stdout
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = quiet_broken_pipe()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
