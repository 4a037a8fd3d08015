"""Roster and rep verbs: import the HRIS export, assign reps to managers, manage reps.

``partnerdesk roster import FILE [--sheet NAME] [--dry-run] [--map A=B ...] [--skip-bad-rows]``
``partnerdesk roster assign --strategy {org,department,tier,region,blended} [--apply]``
``partnerdesk roster reassign MANAGER_EMAIL REP_EMAIL``, ``roster cadence``, ``roster workload``
``partnerdesk rep add NAME EMAIL [--capacity 80%] ...``, ``partnerdesk rep list``
"""

from __future__ import annotations

import argparse
import sys

from partnerdesk.core.words import plural

EXIT_PROBLEMS = 2
STRATEGY_NAMES = ("org", "department", "tier", "region", "blended")


def register(sub: argparse._SubParsersAction) -> None:
    roster = sub.add_parser("roster", help="import the roster and assign reps to managers")
    verbs = roster.add_subparsers(dest="roster_verb", metavar="VERB", required=True)

    imp = verbs.add_parser(
        "import",
        help="import an HRIS export, CSV or Excel (employee export or managers list)",
        description="Import people and managers from a CSV, XLSX, XLS or ODS export. Prints "
        "what would change and every problem row; exits 2 when the file has problems and "
        "nothing was applied. A mapping given with --map is remembered for files with the "
        "same headers.",
    )
    # Optional to argparse only: "--map A=B FILE" hands FILE to --map, taken back below.
    imp.add_argument("file", metavar="FILE", nargs="?", help="the CSV or Excel file")
    imp.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="report only; change nothing")
    imp.add_argument(
        "--map",
        metavar="COLUMN=FIELD",
        nargs="+",
        action="extend",
        default=[],
        help="read COLUMN as FIELD (e.g. \"Reports to (Email)=manager_email\"; FIELD 'ignore' "
        "drops a column). Fields: employee_id, position_id, name, first_name, last_name, "
        "name_prefix, middle_name, preferred_name, email, title, department, location, "
        "country, region, manager_email, manager_id, manager_position, manager, team_size, "
        "status, hire_date, termination_date, trial_end_date",
    )
    imp.add_argument(
        "--skip-bad-rows", action="store_true", help="import every row except the problem rows"
    )
    imp.add_argument(
        "--allow-mass-leave",
        action="store_true",
        help="apply even when more than half of the active managers would leave",
    )
    imp.set_defaults(handler=import_cmd)

    assign = verbs.add_parser("assign", help="propose (and apply) which rep supports whom")
    assign.add_argument("--strategy", required=True, choices=STRATEGY_NAMES)
    assign.add_argument("--apply", action="store_true", help="apply the proposal")
    for kind in ("department", "region", "tier"):
        assign.add_argument(
            f"--{kind}-rep",
            metavar=f"{kind.upper()}=REP_EMAIL",
            action="append",
            default=[],
            help=f"give a {kind} to a rep (remembered once applied)",
        )
    assign.set_defaults(handler=assign_cmd)

    move = verbs.add_parser("reassign", help="give one manager to another rep")
    move.add_argument("manager", metavar="MANAGER_EMAIL")
    move.add_argument("rep", metavar="REP_EMAIL", help="the new rep, or 'none' to unassign")
    move.set_defaults(handler=reassign_cmd)

    cadence = verbs.add_parser("cadence", help="record the cadence a manager prefers")
    cadence.add_argument("manager", metavar="MANAGER_EMAIL")
    cadence.add_argument("cadence", choices=("monthly", "quarterly", "default"))
    cadence.set_defaults(handler=cadence_cmd)

    load = verbs.add_parser("workload", help="managers and headcount per rep vs capacity")
    load.set_defaults(handler=workload_cmd, reads_only=True)

    rep = sub.add_parser("rep", help="add and list the HR reps (People Partners)")
    rep_verbs = rep.add_subparsers(dest="rep_verb", metavar="VERB", required=True)
    add = rep_verbs.add_parser("add", help="add a rep")
    add.add_argument("name", metavar="NAME")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--capacity", default="100%", help="share of full time, e.g. 80%%")
    add.add_argument("--timezone", default="UTC", help="e.g. Europe/Paris")
    add.add_argument("--region", default="", help="e.g. EMEA")
    add.add_argument("--lead", action="store_true", help="this rep is the HR lead / VP")
    add.set_defaults(handler=rep_add_cmd)
    listing = rep_verbs.add_parser("list", help="list the reps")
    listing.add_argument("--all", action="store_true", help="include inactive reps")
    listing.set_defaults(handler=rep_list_cmd, reads_only=True)


def _tier_rules(ctx):
    from partnerdesk.core.roster import RegionRules, TierRules

    return TierRules.load(ctx.paths.root), RegionRules.load(ctx.paths.root)


def import_cmd(args: argparse.Namespace, ctx) -> int:
    """Dry-run or apply a roster import; 2 when problems kept anything from being applied."""
    from partnerdesk.core.roster import RosterError, format_report, import_roster, parse_mapping
    from partnerdesk.core.roster.columns import ColumnsError

    if args.file is None and args.map and "=" not in args.map[-1]:
        args.file = args.map.pop()  # "--map A=B roster.csv": the file came after the maps
    if args.file is None:
        print("partnerdesk: give the roster file: partnerdesk roster import FILE", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        mapping = parse_mapping(args.map)
        tiers, regions = _tier_rules(ctx)
        store = ctx.open_store()
        report = import_roster(
            store,
            args.file,
            mapping,
            skip_bad_rows=args.skip_bad_rows,
            dry_run=args.dry_run,
            tiers=tiers,
            regions=regions,
            allow_mass_leave=args.allow_mass_leave,
            sheet=args.sheet,
        )
    except RosterError as exc:
        print(f"partnerdesk: {exc}", file=sys.stderr)
        if isinstance(exc, ColumnsError):
            print(
                'Map the column with --map "Column header=field" (e.g. --map '
                '"Login=email"); the mapping is remembered for next time.',
                file=sys.stderr,
            )
        print("Nothing was imported.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(format_report(report))
    if report.refused:
        return EXIT_PROBLEMS
    return 0 if report.applied or report.ok else EXIT_PROBLEMS


def _rep_map(store, pairs: list[str], kind: str) -> dict[str, str]:
    from partnerdesk.core.reps import RepError, require_rep

    out = {}
    for pair in pairs:
        key, sep, email = pair.rpartition("=")
        if not sep or not key.strip():
            raise RepError(f"--{kind}-rep {pair!r} is not {kind.upper()}=REP_EMAIL.")
        out[key.strip()] = require_rep(store, email).id
    return out


def assign_cmd(args: argparse.Namespace, ctx) -> int:
    """Print the proposal as a diff; apply it with --apply."""
    from partnerdesk.core.assign import apply_assignment, propose_assignment

    store = ctx.open_store()
    tiers, _regions = _tier_rules(ctx)
    proposal = propose_assignment(
        store,
        args.strategy,
        department_map=_rep_map(store, args.department_rep, "department"),
        region_map=_rep_map(store, args.region_rep, "region"),
        tier_map=_rep_map(store, args.tier_rep, "tier"),
        tiers=tiers,
    )
    print(f"Strategy: {proposal.strategy}")
    for note in proposal.notes:
        print(f"Note: {note}")
    if not proposal.moves:
        kept = plural(proposal.unchanged, "manager")
        print(f"No changes: {kept}, each already with the proposed rep.")
    else:
        print(f"{plural(len(proposal.moves), 'move')}, {proposal.unchanged} unchanged:")
        width = max(len(m.manager_name) for m in proposal.moves)
        for m in proposal.moves:
            print(f"  {m.manager_name:<{width}}  {m.from_rep} -> {m.to_rep}  ({m.reason})")
    print("\nAfter this proposal:")
    for load in proposal.load_after:
        print(
            f"  {load.name}: {plural(load.managers, 'manager')}, "
            f"{plural(load.headcount, 'person', 'people')} "
            f"(capacity {load.capacity:.0%})"
        )
    if args.apply:
        moved = apply_assignment(store, proposal)
        print(f"\nApplied: {plural(moved, 'manager')} moved.")
    elif proposal.moves:
        print("\nNothing changed yet; run again with --apply to make these moves.")
    return 0


def _manager_id(store, email: str) -> str:
    from sqlalchemy import func, select

    from partnerdesk.core.reps import RepError
    from partnerdesk.core.store.models import Manager

    with store.session() as session:
        found = session.scalars(
            select(Manager.id).where(
                Manager.deleted.is_(False), func.lower(Manager.email) == email.strip().lower()
            )
        ).first()
    if found is None:
        raise RepError(f"No manager has the email {email}; check `partnerdesk schedule`.")
    return found


def reassign_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.assign import reassign
    from partnerdesk.core.reps import require_rep

    store = ctx.open_store()
    manager_id = _manager_id(store, args.manager)
    rep = None if args.rep.lower() == "none" else require_rep(store, args.rep)
    reassign(store, manager_id, rep.id if rep else None)
    print(f"{args.manager} is now supported by {rep.name if rep else 'nobody (unassigned)'}.")
    return 0


def cadence_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.cadence import set_cadence_preference

    store = ctx.open_store()
    preference = None if args.cadence == "default" else args.cadence
    set_cadence_preference(store, _manager_id(store, args.manager), preference)
    print(f"Cadence of {args.manager}: {args.cadence}.")
    return 0


def workload_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.workload import workload

    load = workload(ctx.open_store())
    if not load.reps:
        print("No reps yet. Add them with: partnerdesk rep add NAME EMAIL")
        return 0
    for rep in load.reps:
        flag = f"  <- {rep.imbalance:+.0%} vs share" if rep.flagged else ""
        print(
            f"{rep.name}: {plural(rep.managers, 'manager')}, "
            f"{plural(rep.headcount, 'person', 'people')}, capacity "
            f"{rep.capacity:.0%}, target {rep.target:.0f}{flag}"
        )
    if load.unassigned_managers:
        print(
            f"Unassigned: {plural(load.unassigned_managers, 'manager')}, "
            f"{plural(load.unassigned_headcount, 'person', 'people')}"
        )
    return 0


def rep_add_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.reps import add_rep

    rep = add_rep(
        ctx.open_store(),
        args.name,
        args.email,
        capacity=args.capacity,
        timezone=args.timezone,
        region=args.region,
        is_lead=args.lead,
    )
    role = " (HR lead)" if rep.is_lead else ""
    print(f"Added rep {rep.name} <{rep.email}>{role}, capacity {rep.capacity:.0%}.")
    return 0


def rep_list_cmd(args: argparse.Namespace, ctx) -> int:
    from partnerdesk.core.reps import list_reps

    reps = list_reps(ctx.open_store(), include_inactive=args.all)
    if not reps:
        print("No reps yet. Add them with: partnerdesk rep add NAME EMAIL")
        return 0
    for rep in reps:
        extras = [f"capacity {rep.capacity:.0%}", rep.timezone]
        if rep.region:
            extras.append(rep.region)
        if rep.is_lead:
            extras.append("HR lead")
        if not rep.active:
            extras.append("inactive")
        print(f"{rep.name} <{rep.email}>: {', '.join(extras)}")
    return 0
