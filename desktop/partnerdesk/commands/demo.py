"""The ``demo`` verb: fill a profile with a believable demo company."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo",
        help="fill the profile with a demo company (reps, managers, six months of meetings)",
        description="Create a believable demo company in the profile: use it with "
        "--profile DIR to try Partner Desk without touching your own data.",
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="replace the data of a profile that already has managers (a backup is kept)",
    )
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(handler=demo_cmd)


def demo_cmd(args: argparse.Namespace, ctx) -> int:
    """Write the demo company and say what was created."""
    from partnerdesk.core.demo import has_data, load_demo
    from partnerdesk.core.settings import Settings
    from partnerdesk.core.store.backup import backup_database

    store = ctx.open_store()
    if args.force and has_data(store):
        keep = Settings.load(ctx.paths.settings_file).backup_keep
        saved = backup_database(store.engine, ctx.paths.backups, label="before-demo", keep=keep)
        print(f"Backup of the previous data: {saved}")
    summary = load_demo(store, seed=args.seed, force=args.force)
    print(f"Demo company created in {ctx.paths.root}")
    for line in summary.lines():
        print(f"  {line}")
    print("You are signed in as the HR lead. Start the app with the same --profile to look around.")
    print(f"The demo sync team's shared folder is {ctx.paths.root / 'demo-shared'}.")
    return 0
