"""Start-up and memory: the real app in a fresh process against a bare PySide6 window.

Both processes run offscreen with unbuffered output and print a line once their window
is painted; the time a line arrives is measured from just before the process is spawned.
``partnerdesk --smoke`` also prints ``smoke today painted`` once the store is open and
the Today view is painted with its data, ``smoke task done: LABEL`` as each background
task ends (opening the store, the integrity check) and ``smoke ok`` when all are done.
The ``cpu=`` on the painted lines is the main (GUI) thread's CPU time.
Peak resident memory is the process's ``VmHWM`` read from /proc as each line arrives.

The app starts as it normally does: the data key comes from the OS keyring. The bench
runs on a copy of the generated profile whose key is moved into the Secret Service, when
one is reachable (run the bench in a D-Bus session with gnome-keyring, as ``.ci/run``
does; tests/bench/README.md). Without one, the key is derived from the passphrase
(Argon2id, ~0.2 s of both cores), and the rows say so.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.harness import Result

ROOT = Path(__file__).resolve().parents[2]
BARE_WINDOW = """
import sys
import time
from PySide6 import QtWidgets
app = QtWidgets.QApplication(sys.argv[:1])
window = QtWidgets.QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print(f"bare painted cpu={time.thread_time():.3f}", flush=True)
"""
#: The floor under any start that reads Today through the ORM: the bare window, then only
#: SQLAlchemy and the models imported (no key, no store, no query, none of the app's UI).
ORM_FLOOR = (
    BARE_WINDOW
    + """
import partnerdesk.core.store.models
print("orm imported", flush=True)
"""
)
#: The start-up integrity check's task label (main_window.check_integrity); reported apart.
INTEGRITY_TASK = "Checking the database"


@dataclass
class Run:
    """One process: when each of its lines arrived (s), its peak RSS (MB) and exit code."""

    lines: list[tuple[float, str]] = field(default_factory=list)
    peak_mb: float = 0.0
    code: int = 0

    def at(self, prefix: str) -> float | None:
        return next((t for t, line in self.lines if line.startswith(prefix)), None)

    def cpu_at(self, prefix: str) -> float:
        """The process's CPU seconds printed on its ``PREFIX cpu=SECONDS`` line."""
        line = next(line for _t, line in self.lines if line.startswith(prefix))
        return float(line.rsplit("cpu=", 1)[1])


def _env(keyring: bool = False) -> dict[str, str]:
    """The processes' environment: offscreen, unbuffered; the user's own keyring when
    ``keyring`` (else none: the key comes from the passphrase)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PARTNERDESK_")
        and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHON_KEYRING_BACKEND")
    }
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT / "desktop"))
    if not keyring:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def spawn(args: list[str], env: dict[str, str]) -> Run:
    """Run ``python ARGS`` to the end, timing each output line."""
    run = Run()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        run.lines.append((time.perf_counter() - start, line.strip()))
        run.peak_mb = _peak_mb(proc.pid) or run.peak_mb
    run.code = proc.wait()
    return run


def _peak_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (``VmHWM``), while it is still alive."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")), 0)
    return int(kib) / 1024 or None


def bare_window() -> Run:
    """The baseline: a bare PySide6 script showing an empty QMainWindow."""
    run = spawn(["-c", BARE_WINDOW], _env())
    if run.at("bare painted") is None:
        raise RuntimeError(f"the bare PySide6 window did not start (exit {run.code})")
    return run


def orm_floor() -> Run:
    """The bare window, then SQLAlchemy and the models imported: the cold start's floor."""
    run = spawn(["-c", ORM_FLOOR], _env())
    if run.at("orm imported") is None:
        raise RuntimeError(f"the bare window with the models did not run (exit {run.code})")
    return run


def smoke(profile: Path, passphrase: str | None) -> Run:
    """``python -m partnerdesk --profile DIR --smoke`` on the large store; with no
    ``passphrase``, the key comes from the keyring."""
    env = (
        _env(keyring=True)
        if passphrase is None
        else {**_env(), "PARTNERDESK_PASSPHRASE": passphrase}
    )
    run = spawn(["-m", "partnerdesk", "--profile", str(profile), "--smoke"], env)
    if run.code != 0 or run.at("smoke ok") is None:
        raise RuntimeError(f"partnerdesk --smoke failed (exit {run.code}): {run.lines}")
    return run


def today_ready(run: Run, source: str = "") -> float:
    """When the Today view was first painted with data (from ``source``, if given:
    ``snapshot`` or ``store``)."""
    shown = run.at(f"smoke today painted from={source}")
    if shown is None:
        raise RuntimeError(f"partnerdesk --smoke never painted Today from {source}: {run.lines}")
    return shown


def first_source(run: Run) -> str:
    """Where the first Today with data came from: ``snapshot`` or ``store``."""
    line = next(line for _t, line in run.lines if line.startswith("smoke today painted"))
    return line.split("from=", 1)[1].split()[0]


def cpu_ratio(app: list[Run], bare: list[Run]) -> float:
    """Median main-thread CPU seconds up to the paint, the app's over the bare window's."""
    mine = statistics.median(r.cpu_at("smoke painted") for r in app)
    return mine / statistics.median(r.cpu_at("bare painted") for r in bare)


def keyring_copy(profile: Path, passphrase: str, target: Path) -> Callable[[], None] | None:
    """Copy ``profile`` to ``target`` and move the copy's key into the Secret Service, as a
    profile made with a keyring keeps it. Returns what removes the key from the keyring
    again, or None (the copy keeps its passphrase) when no keyring is usable."""
    from keyring.backends.chainer import ChainerBackend

    from partnerdesk.core.profile import Identity, unlock_key
    from partnerdesk.core.store.keys import KEYRING_SERVICE, KeyFile, secure_keyring
    from partnerdesk.paths import ProfilePaths

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(profile, target)
    try:
        # the user's keyrings, as the app finds them (not this process's configured one)
        backend = secure_keyring(ChainerBackend())
        if backend is None:
            return None
        paths = ProfilePaths(target)
        key = unlock_key(paths, passphrase, create=False)
        account = f"bench-{Identity.load_or_create(paths).profile_id}"
        KeyFile(paths.key_file).keep_in_keyring(key, backend, account)
        return lambda: backend.delete_password(KEYRING_SERVICE, account)
    except Exception as exc:  # a locked or broken keyring: measure the passphrase start
        print(f"  startup: no usable keyring ({exc}); the key comes from the passphrase")
        shutil.copy2(profile / "keyfile.json", target / "keyfile.json")
        return None


def measure(profile: Path, passphrase: str, runs: int, scratch: Path) -> list[Result]:
    """Start-up to painted, to Today with data, the start-up check, and peak memory."""
    forget = keyring_copy(profile, passphrase, scratch / "startup-profile")
    try:
        return _measure(scratch / "startup-profile", None if forget else passphrase, runs)
    finally:
        if forget is not None:
            forget()


def _measure(profile: Path, unlock: str | None, runs: int) -> list[Result]:
    """The rows, on ``profile`` unlocked with ``unlock`` (None: from the keyring)."""
    how = "key from the passphrase, no keyring" if unlock else "key from the keyring"
    bare: list[Run] = []
    app: list[Run] = []
    cold: list[Run] = []
    floor: list[Run] = []
    # As installed (pip and PyInstaller compile it): the app's bytecode is not compiled
    # from source at every start, even where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(ROOT / "desktop" / "partnerdesk", quiet=1)
    bare_window()  # warm the file cache for both
    smoke(profile, unlock)  # and leave a Today snapshot, as closing the app does
    for _ in range(runs):
        bare.append(bare_window())
        app.append(smoke(profile, unlock))
        (profile / "today.snapshot").unlink(
            missing_ok=True
        )  # as after a crash or a command-line change
        cold.append(smoke(profile, unlock))
        floor.append(orm_floor())
    base_paint = [r.at("bare painted") for r in bare]
    results = [
        Result(
            "startup_window",
            "s",
            [r.at("smoke painted") or 0.0 for r in app],
            limit=1.5,
            baseline=base_paint,
            on="ratio",
            cpu=[r.cpu_at("smoke painted") for r in app],
            note=f"{how}; CPU time to paint {cpu_ratio(app, bare):.1f}x the bare window's",
        )
    ]
    from_snapshot = sum(first_source(r) == "snapshot" for r in app)
    results += [
        Result(
            "startup_today",
            "s",
            [today_ready(r) for r in app],
            limit=4.0,
            baseline=base_paint,
            on="ratio",
            note=f"{how}; from the last close's snapshot in {from_snapshot} of {len(app)} runs",
        ),
        Result(
            "startup_today_store",
            "s",
            [today_ready(r, "store") for r in app],
            baseline=base_paint,
            note="the store opens behind the snapshot",
        ),
        Result(
            "startup_today_cold",
            "s",
            [today_ready(r, "store") for r in cold],
            limit=4.0,
            baseline=base_paint,
            on="ratio",
            note=f"{how}; no snapshot: as after a crash or a command-line change",
        ),
    ]
    results.append(
        Result(
            "startup_floor_orm",
            "s",
            [r.at("orm imported") or 0.0 for r in floor],
            baseline=base_paint,
            note="informational: the bare window, then only SQLAlchemy and the models "
            "imported; no key, no store, no Today",
        )
    )
    checks = [
        (r.at(f"smoke task done: {INTEGRITY_TASK}") or 0.0) - (r.at("smoke painted") or 0.0)
        for r in app
    ]
    if all(c > 0 for c in checks):
        results.append(
            Result(
                "startup_integrity_check",
                "s",
                checks,
                note="informational: runs off the GUI thread",
            )
        )
    results.append(
        Result(
            "memory",
            "MB",
            [r.peak_mb for r in app],
            limit=300,
            baseline=[r.peak_mb for r in bare],
        )
    )
    return results
