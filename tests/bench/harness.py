"""The measuring kit: timers, statistics, targets, and the result of one measurement.

A measurement is a function ``fn(ctx) -> Result``. It raises :class:`Skip` when the
feature it measures has not been built yet (its module or function is missing), so the
table says so instead of showing a made-up number.
"""

from __future__ import annotations

import importlib
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

PASS, MISS, SKIP = "PASS", "MISS", "SKIP"

#: Every row of the table: name -> (what it measures, its target as written in issue 9).
ROWS: dict[str, tuple[str, str]] = {
    "startup_window": ("start → main window painted", "≤ 1.5x baseline"),
    "startup_today": ("start → Today view showing data", "≤ 4x baseline"),
    "startup_today_store": ("start → Today refreshed from the open store", "—"),
    "startup_today_cold": ("start → Today with no snapshot, from the store", "≤ 4x baseline"),
    "startup_floor_orm": ("bare window, then SQLAlchemy and the models imported", "—"),
    "startup_integrity_check": ("background integrity check at start, after paint", "—"),
    "memory": ("peak resident memory, store open", "< 300 MB"),
    "today_load": ("Today view: data loaded after the store is open", "—"),
    "today_view": ("Today view built, filled and painted (store open)", "—"),
    "meeting_prefill": ("open a meeting, pre-filled (core prefill)", "p95 < 50 ms"),
    "meeting_view": ("open a meeting view, pre-filled (MeetingView shown)", "p95 < 50 ms"),
    "note_autosave": ("autosave of a note edit (commit)", "p95 < 10 ms"),
    "search": ("full-text search over all notes, follow-ups, signals", "p95 < 20 ms"),
    "roster_import": ("roster import of the HRIS export (dry run + apply)", "< 3 s"),
    "roster_import_xlsx_100k": (
        "roster import of a 100,000-employee XLSX, new profile (dry run + apply)",
        "< 5 s",
    ),
    "sync_write": ("sync: write a bundle of 10,000 changes", "< 1 s"),
    "sync_import": ("sync: import that bundle", "< 2 s"),
    "sync_noop": ("sync with nothing new, 50 device folders per unit of scale", "< 100 ms"),
    "sync_signing": ("sync: signing + verifying, share of the 10,000-change import", "< 10 %"),
    "sync_join_40": ("sync: a new computer joins 40 reps with 3 years (checkpoints)", "< 30 s"),
    "summary_pdf": ("quarterly summary PDF, whole company", "< 2 s"),
    "sqlcipher_overhead": ("same store workload: SQLCipher vs plain SQLite", "≤ 1.3x baseline"),
    "keystroke_during_sync": (
        "a key typed in a meeting answer -> painted, during a 10,000-change sync and searches",
        "p95 < 16 ms, max < 50 ms",
    ),
    "autosave_during_sync": (
        "autosave committed during the same sync and searches",
        "p95 < 20 ms, max < 100 ms",
    ),
}


class Skip(Exception):
    """The measured feature is not there (yet); the message says what is missing."""


def feature(module: str, *names: str) -> Any:
    """Import ``module`` (and pick ``names`` from it) or raise Skip naming what is missing."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise Skip(f"feature not built yet ({module})") from None
        raise
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise Skip(f"feature not built yet ({module}.{missing[0]})")
    if not names:
        return mod
    values = tuple(getattr(mod, n) for n in names)
    return values[0] if len(values) == 1 else values


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank; the maximum for fewer than 20 samples)."""
    ordered = sorted(samples)
    rank = max(0, math.ceil(0.95 * len(ordered)) - 1)
    return ordered[rank]


class Stopwatch:
    """Wall and CPU seconds (of this thread) of each timed block.

    The CPU time shows what a block costs when other work on the machine competes for
    the processor; the targets are judged on wall time.
    """

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def __call__(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.thread_time()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.thread_time() - cpu)

    def repeat(self, fn: Callable[[], Any], runs: int, *, warmup: int = 1) -> Stopwatch:
        """Time ``runs`` calls of ``fn`` after ``warmup`` untimed ones."""
        for _ in range(warmup):
            fn()
        for _ in range(runs):
            with self():
                fn()
        return self

    def result(self, name: str, unit: str, limit: float | None) -> Result:
        """The row for these samples, in ``unit`` ("ms" or "s")."""
        scale = 1000.0 if unit == "ms" else 1.0
        return Result(
            name,
            unit,
            [w * scale for w in self.wall],
            limit=limit,
            cpu=[c * scale for c in self.cpu],
        )


@dataclass
class Result:
    """One row of the table.

    ``samples`` are in ``unit`` (ms, s or MB). ``limit`` applies to the p95 of the
    samples (``on="p95"``, also for the issue's plain "under X" targets; ``max_limit``
    to their maximum as well) or to the
    ratio of their median to the baseline's median (``on="ratio"``); with ``paired``,
    sample i and baseline i did the same work, and the ratio is the median of the
    per-pair ratios (run-to-run differences in the work then cancel out).
    """

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    limit: float | None = None
    baseline: list[float] | None = None
    on: str = "p95"
    cpu: list[float] | None = None
    status: str = ""
    note: str = ""
    paired: bool = False
    max_limit: float | None = None

    @property
    def label(self) -> str:
        return ROWS.get(self.name, (self.name, ""))[0]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return p95(self.samples)

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        if self.paired:
            pairs = zip(self.samples, self.baseline, strict=True)
            return statistics.median(sample / base for sample, base in pairs)
        return self.median / statistics.median(self.baseline)

    @property
    def target(self) -> str:
        return ROWS.get(self.name, ("", "—"))[1]

    def judge(self) -> Result:
        """Set PASS or MISS from the samples (SKIP results keep their status)."""
        if self.status == SKIP or self.limit is None:
            return self
        if self.on == "ratio":
            ratio = self.ratio
            self.status = PASS if ratio is not None and ratio <= self.limit else MISS
        else:
            under = self.max_limit is None or max(self.samples) < self.max_limit
            self.status = PASS if self.p95 < self.limit and under else MISS
        return self

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(label=self.label, target=self.target)
        if self.samples:
            data.update(median=self.median, p95=self.p95, ratio=self.ratio)
        if self.cpu:
            data.update(cpu_median=statistics.median(self.cpu), cpu_p95=p95(self.cpu))
        return data


def skipped(name: str, why: str) -> Result:
    """The row of a measurement whose feature is missing."""
    return Result(name, "", status=SKIP, note=why)
