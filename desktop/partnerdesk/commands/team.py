"""Team verbs: ``team create``, ``team join``, ``team status`` and ``sync``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    team = sub.add_parser("team", help="create or join a team through a shared folder")
    verbs = team.add_subparsers(dest="team_verb", metavar="ACTION", required=True)
    create = verbs.add_parser("create", help="create a team in a shared folder")
    create.add_argument("--folder", required=True, metavar="DIR", help="the shared folder")
    create.add_argument("--name", required=True, help="the team's name")
    create.set_defaults(handler=create_cmd)
    join = verbs.add_parser("join", help="join the team found in a shared folder")
    join.add_argument("--folder", required=True, metavar="DIR", help="the shared folder")
    join.add_argument("--team", metavar="ID", help="which team, when the folder holds several")
    join.set_defaults(handler=join_cmd)
    status = verbs.add_parser("status", help="team, devices, changes waiting, conflicts, errors")
    status.set_defaults(handler=status_cmd, reads_only=True)
    sync = sub.add_parser("sync", help="send this device's changes and receive the team's")
    sync.add_argument(
        "--resend-all",
        action="store_true",
        help="send every record this device wrote again (when one of its bundles was damaged)",
    )
    sync.set_defaults(handler=sync_cmd)


def team_passphrase(confirm: bool) -> str:
    """The team passphrase: $PARTNERDESK_TEAM_PASSPHRASE, else asked for on a terminal."""
    from partnerdesk.core.store.engine import StoreError
    from partnerdesk.core.sync.team import ENV_TEAM_PASSPHRASE

    value = os.environ.get(ENV_TEAM_PASSPHRASE)
    if value:
        return value
    if not sys.stdin.isatty():
        raise StoreError(f"Give the team passphrase in {ENV_TEAM_PASSPHRASE}.")
    value = getpass.getpass("Team passphrase: ")
    if confirm and getpass.getpass("Repeat the team passphrase: ") != value:
        raise StoreError("The two team passphrases differ; nothing was created.")
    return value


def create_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.team import create_team

    store = ctx.open_store()
    team = create_team(store, args.folder, args.name, team_passphrase(confirm=True))
    print(f"Created team {team.name!r} ({team.team_id}) in {team.folder}.")
    print("Share the team passphrase with the other reps in person; they run:")
    print(f"  partnerdesk team join --folder {args.folder}")
    return 0


def join_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.team import join_team

    store = ctx.open_store()
    team = join_team(store, args.folder, team_passphrase(confirm=False), args.team)
    print(f"Joined team {team.name!r} ({team.team_id}) in {team.folder}.")
    print("Run `partnerdesk sync` to receive the team's notes.")
    return 0


def sync_cmd(args: argparse.Namespace, ctx) -> int:
    """Exit 0 when synced, 1 when the folder is unreachable, 2 when bundles were rejected."""
    from partnerdesk.core.sync.runner import resend_all, sync

    store = ctx.open_store()
    if args.resend_all:
        print(f"Sending all {resend_all(store)} record(s) this device wrote again.")
    report = sync(store)
    print(report.summary())
    if report.bundle:
        print(f"Wrote {report.bundle}")
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    if not report.reachable:
        print(f"partnerdesk: {report.folder_problem}", file=sys.stderr)
        return 1
    return 2 if report.problems else 0


def status_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.conflicts import list_conflicts
    from partnerdesk.core.sync.problems import list_problems
    from partnerdesk.core.sync.status import list_devices, sync_status

    store = ctx.open_store()
    status = sync_status(store)
    if not status.in_team:
        print("Not in a team. Create one with `partnerdesk team create --folder DIR --name NAME`")
        print("or join one with `partnerdesk team join --folder DIR`.")
        return 1
    print(f"Team:      {status.team_name}")
    print(f"Folder:    {status.folder} ({'reachable' if status.reachable else 'NOT reachable'})")
    print(f"Status:    {status.message}")
    if status.held:
        print(f"Held back: {status.held} change(s) (see problems)")
    print("Devices:")
    for device in list_devices(store):
        who = f" - {device.rep_name}" if device.rep_name else ""
        when = f"{device.last_bundle_at:%Y-%m-%d %H:%M}" if device.last_bundle_at else "never"
        mark = " (this device)" if device.this_device else ""
        print(
            f"  {device.device_id}  {device.name or '?'}{who}{mark}: "
            f"bundle {device.last_seq}, last {when}"
        )
    conflicts = list_conflicts(store)
    if conflicts:
        print(f"Conflicts: {len(conflicts)} note(s) to resolve in the Team & Sync view")
    for problem in list_problems(store):
        print(f"Problem [{problem.kind}]: {problem.message}")
    return 0
