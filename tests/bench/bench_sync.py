"""Sync benchmarks: export and import 10,000 changes, a no-op sync with 50 devices (50
per unit of ``--scale``), the
share of signing and verification in the import, and a new computer joining a compacted
team of 40 reps with three years of history.

Plain functions (``bench_export_10k(tmpdir)`` and friends) return seconds for one run;
``measure(bench)`` gives the rows of ``python -m tests.bench``. Every run works on
real profiles and a real shared folder under ``tmpdir``.
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from partnerdesk.core.clock import today, wall_ms
from partnerdesk.core.profile import open_store, unlock_key
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import FollowUp, Manager, Meeting, Note, Rep, Signal
from partnerdesk.paths import ProfilePaths

CHANGES = 10_000
DEVICES = 50
PASSPHRASE = "bench passphrase"
TEAM_PASSPHRASE = "bench team passphrase"
FAST_KDF = {"name": "argon2id", "iterations": 1, "memory_kib": 8192, "lanes": 1}
_keys: dict[str, bytes] = {}


@dataclass
class Scenario:
    """Two profiles, a (the writer) and b (the reader), and their shared folder."""

    root: Path
    a: ProfilePaths
    b: ProfilePaths
    shared: Path

    def open(self, paths: ProfilePaths) -> Store:
        key = _keys.get(str(paths.root))
        if key is None:
            key = _keys[str(paths.root)] = unlock_key(paths, PASSPHRASE, prefer_passphrase=True)
        return open_store(paths, key, new=not paths.database.exists())

    def copy(self, target: Path) -> Scenario:
        """An untouched copy (profiles and folder) to measure on."""
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.root, target)
        moved = Scenario(
            target, ProfilePaths(target / "a"), ProfilePaths(target / "b"), target / "shared"
        )
        for old, new in ((self.a, moved.a), (self.b, moved.b)):
            _keys[str(new.root)] = _keys[str(old.root)]
        _repoint(moved)
        return moved


def _repoint(scenario: Scenario) -> None:
    """After a copy, point both profiles at the copied shared folder."""
    from partnerdesk.core.store.models import SyncTeam

    for paths in (scenario.a, scenario.b):
        store = scenario.open(paths)
        try:
            with store.transaction() as session:
                for team in session.query(SyncTeam):
                    team.folder = str(scenario.shared / "PartnerDesk" / team.team_id)
        finally:
            store.close()


def _add_changes(store: Store, count: int) -> None:
    """``count`` new records of the kinds reps write: managers, meetings, notes, tasks."""
    day = today()
    with store.transaction() as session:
        manager_id = None
        for index in range(count):
            kind = index % 10
            if kind == 0:
                manager = Manager(name=f"Manager {index}", email=f"m{index}@example.com")
                session.add(manager)
                session.flush()
                manager_id = manager.id
            elif kind == 1:
                session.add(Meeting(manager_id=manager_id, planned_for=day))
            elif kind in (2, 3):
                session.add(FollowUp(text=f"Follow up on item {index}", due_date=day))
            elif kind == 4:
                session.add(Signal(kind="training", summary=f"Training gap {index}"))
            else:
                session.add(Note(body=f"Meeting note {index}: " + "words " * 30))


def prepare(tmpdir: Path, changes: int = CHANGES) -> Scenario:
    """a (the admin) holds ``changes`` unsent changes; b has joined and was approved."""
    from partnerdesk.core.sync.admin import approve
    from partnerdesk.core.sync.team import create_team, join_team

    root = Path(tmpdir) / "scenario"
    scenario = Scenario(root, ProfilePaths(root / "a"), ProfilePaths(root / "b"), root / "shared")
    scenario.shared.mkdir(parents=True)
    a, b = scenario.open(scenario.a), scenario.open(scenario.b)
    try:
        create_team(
            a, scenario.shared, "Bench team", TEAM_PASSPHRASE, kdf=FAST_KDF, email="a@bench.example"
        )
        join_team(b, scenario.shared, TEAM_PASSPHRASE, email="b@bench.example")
        approve(a)
        _add_changes(a, changes)
    finally:
        a.close()
        b.close()
    return scenario


def _timed_sync(scenario: Scenario, paths: ProfilePaths, expect) -> tuple[float, float]:
    """Wall and CPU seconds (this thread: sync runs in it) of one sync."""
    from partnerdesk.core.sync.runner import sync

    store = scenario.open(paths)
    try:
        start, cpu = time.perf_counter(), time.thread_time()
        report = sync(store)
        elapsed = time.perf_counter() - start, time.thread_time() - cpu
    finally:
        store.close()
    expect(report)
    return elapsed


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"sync benchmark: {what}")


def _export(scenario: Scenario) -> tuple[float, float]:
    return _timed_sync(
        scenario, scenario.a, lambda r: _check(r.exported == CHANGES, f"exported {r.exported}")
    )


def _import(scenario: Scenario) -> tuple[float, float]:
    return _timed_sync(
        scenario,
        scenario.b,
        lambda r: _check(r.imported_changes == CHANGES, f"imported {r.imported_changes}"),
    )


def bench_export_10k(tmpdir) -> float:
    """Seconds to write 10,000 changes as one bundle."""
    return _export(prepare(Path(tmpdir)))[0]


def bench_import_10k(tmpdir) -> float:
    """Seconds to import a bundle of 10,000 changes."""
    scenario = prepare(Path(tmpdir))
    _export(scenario)
    return _import(scenario)[0]


def _members(scenario: Scenario, count: int, prefix: str) -> list:
    """``count`` member computers (their own keys) approved by a; their sealers."""
    from partnerdesk.core.sync.admin import approve
    from partnerdesk.core.sync.bundle import Sealer
    from partnerdesk.core.sync.identity import DeviceKeys
    from partnerdesk.core.sync.joining import write_request
    from partnerdesk.core.sync.membership import device_record, epoch_keys, load_state
    from partnerdesk.core.sync.team import current_team, team_key

    store = scenario.open(scenario.a)
    try:
        team = current_team(store)
        folder = Path(team.folder)
        members = []
        for index in range(count):
            keys, device = DeviceKeys.generate(), f"{prefix}{index:012x}"
            email = f"rep{index}@bench.example"
            record = device_record(keys, device, email, f"laptop {index}")
            write_request(folder, team.team_id, record, keys, team_key(team))
            members.append((keys, device, email))
        approve(store)
        with store.session() as session:
            epoch = load_state(session, team.team_id).epoch
            key = epoch_keys(session)[epoch]
        return [
            (Sealer(keys, key, epoch, team.team_id, device), email)
            for keys, device, email in members
        ]
    finally:
        store.close()


def _devices(tmpdir: Path, count: int = DEVICES) -> Scenario:
    """b has imported one bundle from each of ``count`` other (member) devices."""
    from partnerdesk.core.sync.bundle import seal, write_bundle
    from partnerdesk.core.sync.runner import sync
    from partnerdesk.core.sync.team import current_team

    scenario = prepare(tmpdir, changes=0)
    sealers = _members(scenario, count, "50")
    store = scenario.open(scenario.b)
    try:
        team = current_team(store)
        for index, (sealer, _email) in enumerate(sealers):
            device = sealer.device
            stamp = f"{wall_ms() - 60_000:013d}-0000-{device}"
            rows = [[str(uuid.uuid4()), f"Note from device {index}", stamp, device, "team"]]
            payload = {
                "device_name": f"laptop {index}",
                "rep": None,
                "changes": {
                    "note": {
                        "cols": ["id", "body", "updated_hlc", "device_id", "visibility"],
                        "rows": rows,
                    }
                },
            }
            folder = Path(team.folder) / "devices" / device
            folder.mkdir(parents=True)
            write_bundle(folder, 1, seal(sealer, 1, "", payload))
        imported = sync(store).imported_bundles
        _check(imported == count, f"{imported} of {count} device bundles imported")
    finally:
        store.close()
    return scenario


def _noop_syncs(scenario: Scenario, runs: int) -> list[tuple[float, float]]:
    """Seconds of ``runs`` syncs with nothing new, in one open store (as the app's
    periodic background sync runs: engine, statement cache and outbox mark warm)."""
    from partnerdesk.core.sync.runner import sync

    store = scenario.open(scenario.b)
    try:
        sync(store)  # warm-up: first connection, compiled statements, full outbox scan
        samples = []
        for _ in range(runs):
            start, cpu = time.perf_counter(), time.thread_time()
            report = sync(store)
            samples.append((time.perf_counter() - start, time.thread_time() - cpu))
            _check(report.imported_bundles == 0 and report.exported == 0, "not a no-op")
    finally:
        store.close()
    return samples


def bench_noop_50_devices(tmpdir) -> float:
    """Seconds of a sync with nothing new, in a folder with 50 devices."""
    return _noop_syncs(_devices(Path(tmpdir)), 1)[0][0]


def signing_share(scenario: Scenario, import_seconds: float) -> float:
    """Percent of an import's time that signing and verifying its bundle take."""
    from partnerdesk.core.sync.identity import verify
    from partnerdesk.core.sync.team import current_team, device_keys

    store = scenario.open(scenario.a)
    try:
        team = current_team(store)
        keys = device_keys(team)
    finally:
        store.close()
    [path] = sorted((Path(team.folder) / "devices").glob("*/*.pdsync"))
    body = path.read_bytes()[:-64]
    start = time.perf_counter()
    signature = keys.signature(body)
    verify(keys.sign_pub, signature, body)
    return (time.perf_counter() - start) / import_seconds * 100


REPS = 40
MANAGERS_PER_REP = 15
MONTHS = 36


def _history(sealer, index: int, managers: list[str], rep_id: str) -> dict:
    """Three years of one rep's meetings, notes and follow-ups, as one checkpoint's changes."""
    device = sealer.device
    start_ms = wall_ms() - MONTHS * 31 * 86_400_000
    counter = iter(range(10**9))

    def stamp() -> str:
        return f"{start_ms + next(counter):013d}-0000-{device}"

    meetings, notes, followups = [], [], []
    first = today() - timedelta(days=MONTHS * 30)
    for manager in managers:
        for month in range(MONTHS):
            meeting = str(uuid.uuid4())
            day = (first + timedelta(days=30 * month)).isoformat()
            meetings.append([meeting, manager, rep_id, day, "held", stamp(), device])
            for part in range(2):
                notes.append(
                    [
                        str(uuid.uuid4()),
                        f"Month {month} note {part} for manager {manager[:8]}: " + "words " * 25,
                        stamp(),
                        device,
                        "team",
                        rep_id,
                        manager,
                        meeting,
                    ]
                )
            followups.append(
                [str(uuid.uuid4()), manager, meeting, rep_id, f"Follow up {month}", stamp(), device]
            )
    return {
        "device_name": f"laptop {index}",
        "rep": None,
        "changes": {
            "meeting": {
                "cols": [
                    "id",
                    "manager_id",
                    "rep_id",
                    "planned_for",
                    "status",
                    "updated_hlc",
                    "device_id",
                ],
                "rows": meetings,
            },
            "note": {
                "cols": [
                    "id",
                    "body",
                    "updated_hlc",
                    "device_id",
                    "visibility",
                    "author_rep_id",
                    "manager_id",
                    "meeting_id",
                ],
                "rows": notes,
            },
            "followup": {
                "cols": [
                    "id",
                    "manager_id",
                    "meeting_id",
                    "rep_id",
                    "text",
                    "updated_hlc",
                    "device_id",
                ],
                "rows": followups,
            },
        },
    }


def prepare_join(tmpdir: Path) -> tuple[Scenario, int]:
    """40 reps' compacted histories (one checkpoint each, after 499 deleted bundles) and
    the admin's roster; b is a new computer whose request the admin approved."""
    from partnerdesk.core.sync.admin import approve
    from partnerdesk.core.sync.bundle import seal, write_bundle
    from partnerdesk.core.sync.runner import sync
    from partnerdesk.core.sync.team import create_team, current_team, join_team

    root = Path(tmpdir) / "join"
    scenario = Scenario(root, ProfilePaths(root / "a"), ProfilePaths(root / "b"), root / "shared")
    scenario.shared.mkdir(parents=True)
    a = scenario.open(scenario.a)
    try:
        create_team(
            a, scenario.shared, "Bench team", TEAM_PASSPHRASE, kdf=FAST_KDF, email="a@bench.example"
        )
    finally:
        a.close()
    sealers = _members(scenario, REPS, "40")
    total = 0
    a = scenario.open(scenario.a)
    try:
        with a.transaction() as session:
            roster = []
            for index, (_sealer, email) in enumerate(sealers):
                rep = Rep(name=f"Rep {index}", email=email)
                session.add(rep)
                session.flush()
                managers = []
                for number in range(MANAGERS_PER_REP):
                    manager = Manager(
                        name=f"Manager {index}-{number}",
                        email=f"m{index}-{number}@bench.example",
                        rep_id=rep.id,
                    )
                    session.add(manager)
                    session.flush()
                    managers.append(manager.id)
                roster.append((rep.id, managers))
        report = sync(a)  # the roster, as the admin's bundle ...
        total += report.exported
        for _ in range(2):
            sync(a)
        folder = Path(current_team(a).folder)
    finally:
        a.close()
    for index, ((sealer, _email), (rep_id, managers)) in enumerate(
        zip(sealers, roster, strict=True)
    ):
        payload = _history(sealer, index, managers, rep_id)
        total += sum(len(block["rows"]) for block in payload["changes"].values())
        target = folder / "devices" / sealer.device
        target.mkdir(parents=True, exist_ok=True)
        write_bundle(target, 500, seal(sealer, 500, "", payload, base=499))
    b = scenario.open(scenario.b)
    a = scenario.open(scenario.a)
    try:
        join_team(b, scenario.shared, TEAM_PASSPHRASE, email="new@bench.example")
        approve(a)
    finally:
        a.close()
        b.close()
    return scenario, total


def bench_join_40(tmpdir) -> float:
    """Seconds for a new computer's first sync into a compacted team of 40 reps."""
    scenario, total = prepare_join(Path(tmpdir))
    return _join(scenario, total)[0]


def _join(scenario: Scenario, total: int) -> tuple[float, float]:
    return _timed_sync(
        scenario,
        scenario.b,
        lambda r: _check(
            r.imported_changes + r.released == total and not r.problems,
            f"joined with {r.imported_changes}+{r.released} of {total}: {r.problems[:2]}",
        ),
    )


def measure(bench) -> list:
    """Rows for ``python -m tests.bench``: sync_write, sync_import, sync_noop,
    sync_signing, sync_join_40."""
    from tests.bench.harness import Result

    runs = 1 if bench.quick else max(3, bench.runs // 2)
    base = prepare(Path(bench.scratch) / "sync-base")
    exported = base.copy(Path(bench.scratch) / "sync-exported")
    _export(exported)
    writes, imports = [], []
    for index in range(runs):
        writes.append(_export(base.copy(Path(bench.scratch) / f"sync-w{index}")))
        imports.append(_import(exported.copy(Path(bench.scratch) / f"sync-i{index}")))
    devices = DEVICES * bench.scale
    noop = _devices(Path(bench.scratch) / "sync-noop", devices)
    noops = [(w * 1000, c * 1000) for w, c in _noop_syncs(noop, max(5, bench.runs))]
    shares = [(signing_share(exported, wall), 0.0) for wall, _cpu in imports]
    joined, total = prepare_join(Path(bench.scratch) / "sync-join")
    joins = [
        _join(joined.copy(Path(bench.scratch) / f"sync-j{index}"), total)
        for index in range(1 if bench.quick else 2)
    ]
    return [  # labels: tests.bench.harness.ROWS
        _row(Result, "sync_write", "s", writes, 1),
        _row(Result, "sync_import", "s", imports, 2),
        _row(Result, "sync_noop", "ms", noops, 100, note=f"{devices} device folders"),
        Result("sync_signing", "%", [w for w, _ in shares], limit=10),
        _row(Result, "sync_join_40", "s", joins, 30),
    ]


def _row(
    result, name: str, unit: str, samples: list[tuple[float, float]], limit: float, note: str = ""
):
    """A table row judged on wall time, with the CPU time alongside."""
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return result(name, unit, walls, limit=limit, cpu=cpus, note=note)
