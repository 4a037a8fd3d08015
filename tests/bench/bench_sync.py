"""Sync benchmarks: export and import 10,000 changes, and a no-op sync with 50 devices.

Plain functions (``bench_export_10k(tmpdir)`` and friends) return seconds for one run;
``measure(bench)`` gives the rows of ``python -m tests.bench``. Every run works on
real profiles and a real shared folder under ``tmpdir``.
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnerdesk.core.profile import open_store, unlock_key
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import FollowUp, Manager, Meeting, Note, Signal
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
    today = date.today()
    with store.transaction() as session:
        for index in range(count):
            kind = index % 10
            if kind == 0:
                session.add(Manager(name=f"Manager {index}", email=f"m{index}@example.com"))
            elif kind == 1:
                session.add(Meeting(manager_id=str(uuid.uuid4()), planned_for=today))
            elif kind in (2, 3):
                session.add(FollowUp(text=f"Follow up on item {index}", due_date=today))
            elif kind == 4:
                session.add(Signal(kind="training", summary=f"Training gap {index}"))
            else:
                session.add(Note(body=f"Meeting note {index}: " + "words " * 30))


def prepare(tmpdir: Path, changes: int = CHANGES) -> Scenario:
    """a holds ``changes`` unsent changes; b has joined the same team."""
    from partnerdesk.core.sync.team import create_team, join_team

    root = Path(tmpdir) / "scenario"
    scenario = Scenario(root, ProfilePaths(root / "a"), ProfilePaths(root / "b"), root / "shared")
    scenario.shared.mkdir(parents=True)
    a, b = scenario.open(scenario.a), scenario.open(scenario.b)
    try:
        create_team(a, scenario.shared, "Bench team", TEAM_PASSPHRASE, kdf=FAST_KDF)
        join_team(b, scenario.shared, TEAM_PASSPHRASE)
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


def _fifty_devices(tmpdir: Path) -> Scenario:
    """b has imported one bundle from each of 50 other devices."""
    from partnerdesk.core.sync.bundle import seal, write_bundle
    from partnerdesk.core.sync.runner import sync
    from partnerdesk.core.sync.team import current_team, team_key

    scenario = prepare(tmpdir, changes=0)
    store = scenario.open(scenario.b)
    try:
        team = current_team(store)
        for index in range(DEVICES):
            device = f"{index:016x}"
            stamp = f"{int(time.time() * 1000) - 60_000:013d}-0000-{device}"
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
            write_bundle(folder, 1, seal(team_key(team), team.team_id, device, 1, "", payload))
        _check(sync(store).imported_bundles == DEVICES, "50 device bundles not imported")
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
    return _noop_syncs(_fifty_devices(Path(tmpdir)), 1)[0][0]


def measure(bench) -> list:
    """Rows for ``python -m tests.bench``: sync_write, sync_import, sync_noop."""
    from tests.bench.harness import Result

    runs = 1 if bench.quick else max(3, bench.runs // 2)
    base = prepare(Path(bench.scratch) / "sync-base")
    exported = base.copy(Path(bench.scratch) / "sync-exported")
    _export(exported)
    writes, imports = [], []
    for index in range(runs):
        writes.append(_export(base.copy(Path(bench.scratch) / f"sync-w{index}")))
        imports.append(_import(exported.copy(Path(bench.scratch) / f"sync-i{index}")))
    noop = _fifty_devices(Path(bench.scratch) / "sync-noop")
    noops = [(w * 1000, c * 1000) for w, c in _noop_syncs(noop, max(5, bench.runs))]
    return [  # labels: tests.bench.harness.ROWS
        _row(Result, "sync_write", "s", writes, 1),
        _row(Result, "sync_import", "s", imports, 2),
        _row(Result, "sync_noop", "ms", noops, 100),
    ]


def _row(result, name: str, unit: str, samples: list[tuple[float, float]], limit: float):
    """A table row judged on wall time, with the CPU time alongside."""
    return result(name, unit, [w for w, _ in samples], limit=limit, cpu=[c for _, c in samples])
