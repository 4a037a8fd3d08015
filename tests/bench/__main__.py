"""``python -m tests.bench [--quick] [--scale N] [--json FILE] [--only NAME ...] [--runs N]``.

The ``load`` group (tests/bench/load.py) types into a meeting answer while a
10,000-change sync import and searches run.

Builds (or reuses) the generated store, runs every measurement several times and
prints one table: median, p95, the baseline measured in the same run and the ratio to
it, the target, and PASS, MISS or SKIP (the feature is not built yet).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.bench import generate, startup
from tests.bench.harness import SKIP, Result, Skip, p95, skipped
from tests.bench.workloads import (
    Bench,
    full_text_search,
    meeting_open,
    note_autosave,
    roster_import,
    roster_import_xlsx,
    summary_pdf,
    sync,
    today_view,
)


def _startup(bench: Bench) -> list[Result]:
    return startup.measure(bench.data.paths.root, bench.data.passphrase, bench.runs, bench.scratch)


def _busy(bench: Bench) -> list[Result]:
    from tests.bench import load

    return load.measure(bench)


def _cipher(bench: Bench) -> list[Result]:
    from tests.bench import cipher

    return cipher.measure(
        bench.data.paths.database,
        _key(bench),
        bench.data.root,
        bench.scratch,
        bench.runs,
        scale=0.25 if bench.quick else 1.0,
    )


def _key(bench: Bench) -> bytes:
    if bench.key is None:
        from partnerdesk.core.profile import unlock_key

        bench.key = unlock_key(bench.data.paths, bench.data.passphrase, create=False)
    return bench.key


#: name -> (what it measures, the result rows it gives, the function)
GROUPS: dict[str, tuple[tuple[str, ...], Callable[[Bench], list[Result]]]] = {
    "startup": (("startup_window", "startup_today", "startup_today_cold", "memory"), _startup),
    "today": (("today_load", "today_view"), today_view),
    "meeting": (("meeting_prefill", "meeting_view"), meeting_open),
    "autosave": (("note_autosave",), note_autosave),
    "search": (("search",), full_text_search),
    "roster": (("roster_import",), roster_import),
    "roster_xlsx": (("roster_import_xlsx_100k",), roster_import_xlsx),
    "sync": (("sync_write", "sync_import", "sync_noop", "sync_signing", "sync_join_40"), sync),
    "pdf": (("summary_pdf",), summary_pdf),
    "cipher": (("sqlcipher_overhead",), _cipher),
    "load": (("keystroke_during_sync", "autosave_during_sync"), _busy),
}


def run_group(name: str, bench: Bench) -> list[Result]:
    """One group's rows; a missing feature gives SKIP rows, a crash an ERROR row."""
    rows, fn = GROUPS[name]
    try:
        return [r.judge() for r in fn(bench)]
    except Skip as exc:
        return [skipped(row, str(exc)) for row in rows]
    except Exception as exc:
        traceback.print_exc()
        return [Result(name, "", status="ERROR", note=f"{type(exc).__name__}: {exc}")]


def _load() -> str:
    """The 1-minute load average (other work on the machine skews every number)."""
    return f"{os.getloadavg()[0]:.1f}"


def _speed() -> float:
    """CPU seconds of a fixed pure-Python loop: the machine's speed at this moment.

    On a shared or throttled machine it moves by half within minutes (0.72 to 1.14 s on
    the 2-core VM of RESULTS.md's tenth round), and every row's CPU time moves with it.
    """
    began = time.process_time()
    total = 0
    for step in range(5_000_000):
        total += step
    return time.process_time() - began


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| measurement | median | p95 | CPU p95 | baseline | ratio | target | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.status in (SKIP, "ERROR") or not r.samples:
            lines.append(f"| {r.label} | — | — | — | — | — | {r.target} | {r.status}: {r.note} |")
            continue
        base = _fmt(sorted(r.baseline)[len(r.baseline) // 2], r.unit) if r.baseline else "—"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "—"
        cpu = _fmt(p95(r.cpu), r.unit) if r.cpu else "—"
        status = (r.status or "info") + (f" ({r.note})" if r.note else "")
        lines.append(
            f"| {r.label} | {_fmt(r.median, r.unit)} | {_fmt(r.p95, r.unit)} | {cpu} | {base} | "
            f"{ratio} | {r.target} | {status} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small store, fewer runs (< 1 min)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(GROUPS),
        metavar="NAME",
        help=f"run only these groups: {', '.join(GROUPS)}",
    )
    parser.add_argument("--runs", type=int, help="repetitions per measurement")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="N",
        help="N times the store (managers, notes, follow-ups, signals, reps, device folders)",
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale takes a whole number, 1 or more")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    load_before = _load()
    size = (generate.QUICK if args.quick else generate.FULL).scaled(args.scale)
    began = time.perf_counter()
    data = generate.cached(size)
    print(f"store: {size.name} {json.dumps(data.counts)} ({time.perf_counter() - began:.1f} s)")
    scratch = Path(tempfile.mkdtemp(prefix="partnerdesk-bench-run-"))
    runs = args.runs or (2 if args.quick else 5)
    bench = Bench(data, scratch, runs, quick=args.quick, scale=args.scale)
    results: list[Result] = []
    speeds: list[tuple[str, float, float]] = []  # group, reference loop before and after
    try:
        for name in args.only or GROUPS:
            t0, speed = time.perf_counter(), _speed()
            rows = run_group(name, bench)
            results += rows
            speeds.append((name, speed, _speed()))
            print(
                f"  {name}: {', '.join(r.status or 'info' for r in rows)} "
                f"({time.perf_counter() - t0:.1f} s; reference loop {speed:.2f} -> "
                f"{speeds[-1][2]:.2f} s)",
                flush=True,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(
        f"Partner Desk benchmarks — {size.name} store, {bench.runs} runs, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    print(f"load average before/after: {load_before} / {_load()}")
    print(
        "reference loop (CPU s, lower is faster) before/after each group: "
        + ", ".join(f"{name} {before:.2f}/{after:.2f}" for name, before, after in speeds)
    )
    print(table(results))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "size": size.name,
                    "scale": args.scale,
                    "load_before": float(load_before),
                    "load_after": float(_load()),
                    "counts": data.counts,
                    "runs": bench.runs,
                    "reference_loop": {
                        name: [round(before, 3), round(after, 3)] for name, before, after in speeds
                    },
                    "results": [r.as_dict() for r in results],
                },
                indent=2,
            ),
            "utf-8",
        )
    return 1 if any(r.status == "ERROR" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
