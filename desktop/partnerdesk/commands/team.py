"""Team verbs: create, join, requests, approve, decline, members, remove, role, leave,
status, and ``sync``."""

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
    create.add_argument("--as", dest="email", metavar="EMAIL", help="your work email")
    create.set_defaults(handler=create_cmd)
    join = verbs.add_parser("join", help="ask to join the team found in a shared folder")
    join.add_argument("--folder", required=True, metavar="DIR", help="the shared folder")
    join.add_argument("--team", metavar="ID", help="which team, when the folder holds several")
    join.add_argument("--as", dest="email", metavar="EMAIL", help="your work email")
    join.set_defaults(handler=join_cmd)
    requests = verbs.add_parser("requests", help="computers asking to join (admins)")
    requests.set_defaults(handler=requests_cmd)
    approve = verbs.add_parser("approve", help="let a computer that asked into the team")
    which = approve.add_mutually_exclusive_group(required=True)
    which.add_argument("device", nargs="?", metavar="DEVICE", help="its id (or the start)")
    which.add_argument("--all", action="store_true", help="every pending request")
    approve.set_defaults(handler=approve_cmd)
    decline = verbs.add_parser("decline", help="turn a request to join down")
    decline.add_argument("device", metavar="DEVICE")
    decline.set_defaults(handler=decline_cmd)
    members = verbs.add_parser("members", help="members, their computers, roles, fingerprints")
    members.set_defaults(handler=members_cmd)
    remove = verbs.add_parser(
        "remove", help="remove a member (EMAIL) or one lost computer (DEVICE); new team key"
    )
    remove.add_argument("who", metavar="EMAIL|DEVICE")
    remove.set_defaults(handler=remove_cmd)
    role = verbs.add_parser("role", help="make a member an admin, or an admin a member")
    role.add_argument("email", metavar="EMAIL")
    role.add_argument("role", choices=("admin", "member"))
    role.set_defaults(handler=role_cmd)
    upgrade = verbs.add_parser(
        "upgrade", help="give a team made by an older Partner Desk a signed member list"
    )
    upgrade.add_argument("--as", dest="email", metavar="EMAIL", help="your work email")
    upgrade.set_defaults(handler=upgrade_cmd)
    leave = verbs.add_parser("leave", help="leave the team on this computer")
    leave.set_defaults(handler=leave_cmd)
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
    from partnerdesk.core.sync.team import create_team, device_keys

    store = ctx.open_store()
    passphrase = team_passphrase(confirm=True)
    team = create_team(store, args.folder, args.name, passphrase, email=args.email)
    print(f"Created team {team.name!r} ({team.team_id}) in {team.folder}; you are its admin.")
    print(f"This computer's fingerprint: {device_keys(team).fingerprint}")
    print("Share the team passphrase with the other reps in person; they run:")
    print(f"  partnerdesk team join --folder {args.folder} --as THEIR-EMAIL")
    print("then you approve them with `partnerdesk team requests` and `team approve`.")
    return 0


def join_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.team import device_keys, join_team

    store = ctx.open_store()
    team = join_team(
        store, args.folder, team_passphrase(confirm=False), args.team, email=args.email
    )
    print(f"Asked to join team {team.name!r} ({team.team_id}) as {team.email}.")
    print(f"This computer's fingerprint: {device_keys(team).fingerprint}")
    print("Tell it to a team admin (in person or by phone); once they approve this")
    print("computer, `partnerdesk sync` receives the team's notes.")
    return 0


def requests_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import requests

    found = requests(ctx.open_store())
    if not found:
        print("No computer is asking to join.")
    for request in found:
        device = request.device
        print(
            f"  {device.device_id}  {device.email}  {device.name or '?'}  "
            f"fingerprint {device.fingerprint}  asked {request.at}"
        )
    return 0


def approve_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import approve

    approved = approve(ctx.open_store(), None if args.all else args.device)
    if not approved:
        print("No computer is asking to join.")
    for device in approved:
        print(
            f"Approved {device.email} on {device.name or device.device_id} ({device.fingerprint})."
        )
    return 0


def decline_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import decline

    request = decline(ctx.open_store(), args.device)
    print(f"Declined the request of {request.device.email} ({request.device.device_id}).")
    return 0


def members_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import members

    store = ctx.open_store()
    for member in members(store):
        print(f"{member.email} ({member.role})")
        for device in member.devices:
            mark = " (this computer)" if device.device_id == store.device_id else ""
            print(f"  {device.device_id}  {device.name or '?'}  {device.fingerprint}{mark}")
    return 0


def remove_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import remove

    gone = remove(ctx.open_store(), args.who)
    names = ", ".join(f"{d.email} on {d.name or d.device_id}" for d in gone)
    print(f"Removed {names}. A new team key is in use: nothing written from now on is")
    print("readable on the removed computer(s).")
    return 0


def role_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import set_role

    set_role(ctx.open_store(), args.email, args.role)
    print(f"{args.email} is now {'an admin' if args.role == 'admin' else 'a member'}.")
    return 0


def upgrade_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.team import device_keys
    from partnerdesk.core.sync.upgrade import upgrade_team

    team = upgrade_team(ctx.open_store(), args.email)
    print(f"The team {team.name!r} now has a signed member list; you are its admin.")
    print(f"This computer's fingerprint: {device_keys(team).fingerprint}")
    print("The other computers ask to join again at their next sync; approve them with")
    print("`partnerdesk team requests` and `partnerdesk team approve`.")
    return 0


def leave_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.sync.admin import leave

    print(leave(ctx.open_store()))
    return 0


def sync_cmd(args: argparse.Namespace, ctx) -> int:
    """Exit 0 when synced, 1 when the folder is unreachable, 2 when bundles were rejected."""
    from partnerdesk.core.sync.runner import resend_all, sync

    store = ctx.open_store()
    if args.resend_all:
        print(f"Sending all {resend_all(store)} record(s) this device wrote again.")
    report = sync(store)
    print(report.summary())
    if report.pending:
        return 1
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
