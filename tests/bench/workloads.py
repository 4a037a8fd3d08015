"""In-process measurements on a working copy of the large store.

Each function takes the :class:`Bench` (the generated data, a scratch folder, the
store key, the run count) and returns its result rows. Feature modules are imported
inside the functions, through :func:`~tests.bench.harness.feature`, so a feature that
has not been built yet shows as SKIP and is picked up by the next run once it lands.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Meeting
from tests.bench.generate import BenchData, working_copy
from tests.bench.harness import Result, Skip, Stopwatch, feature, skipped


@dataclass
class Bench:
    """What every measurement gets: the generated data and how to open copies of it."""

    data: BenchData
    scratch: Path
    runs: int
    quick: bool = False
    key: bytes | None = None
    #: How many times the large store (``--scale``): the sync no-op has 50 device folders each.
    scale: int = 1

    def copy(self, name: str) -> BenchData:
        """A fresh working copy of the generated profile (the cache stays untouched)."""
        target = self.scratch / name
        shutil.rmtree(target, ignore_errors=True)
        return working_copy(self.data, target)

    def open(self, copy: BenchData) -> Store:
        """Open a working copy (the passphrase's key is derived once per run)."""
        from partnerdesk.core.profile import open_store, unlock_key

        if self.key is None:
            self.key = unlock_key(copy.paths, copy.passphrase, create=False)
        return open_store(copy.paths, self.key)


def _meeting_ids(store: Store, count: int) -> list[str]:
    """This month's planned meetings and recently held ones (what a rep opens)."""
    since = date.today() - timedelta(days=60)
    with store.session() as session:
        ids = session.scalars(
            select(Meeting.id)
            .where(Meeting.planned_for >= since, Meeting.status.in_(("planned", "held")))
            .order_by(Meeting.planned_for.desc())
            .limit(count)
        ).all()
    return list(ids)


def meeting_open(bench: Bench) -> list[Result]:
    """Open a meeting pre-filled: the core prefill, and the meeting screen shown offscreen."""
    service_cls = feature("partnerdesk.core.meetings", "MeetingService")
    copy = bench.copy("meeting")
    store = bench.open(copy)
    try:
        service = service_cls(store)
        ids = _meeting_ids(store, max(40, bench.runs * 10))
        service.prefill(ids[0])
        watch = Stopwatch()
        for meeting_id in ids:
            with watch():
                service.prefill(meeting_id)
        results = [watch.result("meeting_prefill", "ms", 50), _meeting_view(store, copy, ids)]
    finally:
        store.close()
    return results


def _meeting_view(store: Store, copy: BenchData, ids: list[str]) -> Result:
    """The meeting screen as the app opens it: ``MainWindow.open_meeting`` (which keeps one
    screen and refills it in place), then the paint. Every other meeting is opened from the
    Meetings list (Esc back to it in between, not timed); the others straight from the
    previous meeting (as search and "Open the rescheduled meeting" do)."""
    try:
        window_cls = feature("partnerdesk.ui.main_window", "MainWindow")
        feature("partnerdesk.ui.views.meeting", "MeetingView")
    except Skip as exc:
        return skipped("meeting_view", str(exc))
    from partnerdesk.ui.app import make_application
    from partnerdesk.ui.qt import QtCore
    from partnerdesk.ui.state import AppState

    app = make_application()  # the app's style and style sheet: widgets polish as in use
    pool = QtCore.QThreadPool.globalInstance()
    state = AppState(store, copy.paths)
    window = window_cls(state)
    window.resize(1280, 800)
    window.show()
    window.show_view("meetings")
    app.processEvents()
    pool.waitForDone(30_000)
    app.processEvents()
    watch = Stopwatch()
    for index, meeting_id in enumerate(ids[: max(20, len(ids) // 2)]):
        if index % 2 == 0 and index:  # back to the list first
            window.close_meeting()
            app.processEvents()
            pool.waitForDone(30_000)
            app.processEvents()
        with watch():
            window.open_meeting(meeting_id)
            app.processEvents()
        if not index:  # the first one pays for imports, style polish and making the screen
            watch = Stopwatch()
    window.close()
    window.deleteLater()
    app.processEvents()
    return watch.result("meeting_view", "ms", 50)


def today_view(bench: Bench) -> list[Result]:
    """The Today view once the store is open: each section's load (the reads the view waits
    for), and the view built, filled and painted offscreen under the app's style."""
    view_cls = feature("partnerdesk.ui.views.today", "TodayView")
    from partnerdesk.ui.app import make_application
    from partnerdesk.ui.state import AppState

    copy = bench.copy("today")
    store = bench.open(copy)
    try:
        app = make_application()
        state = AppState(store, copy.paths)  # the generated profile's rep is "me"
        view = view_cls(state)  # the first build pays for Qt's enums and style polish
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        sections = [(s.title.text().lower(), s) for s in view.sections]
        if not all(hasattr(s, "load") for _name, s in sections):
            raise Skip("feature not built yet (TodaySection.load)")
        loads = Stopwatch()
        each = {name: Stopwatch() for name, _s in sections}
        for _ in range(max(10, bench.runs * 4)):
            with loads():
                for name, section in sections:
                    with each[name]():
                        section.load(store)
        view.close()
        view.deleteLater()
        app.processEvents()
        shown = Stopwatch()
        for _ in range(max(10, bench.runs * 2)):
            with shown():
                view = view_cls(state)
                view.resize(1280, 800)
                view.show()
                app.processEvents()
            view.close()
            view.deleteLater()
            app.processEvents()
    finally:
        store.close()
    load = loads.result("today_load", "ms", None)
    load.note = "CPU medians: " + ", ".join(
        f"{name} {statistics.median(w.cpu) * 1000:.1f} ms" for name, w in each.items()
    )
    return [load, shown.result("today_view", "ms", None)]


def note_autosave(bench: Bench) -> list[Result]:
    """Autosave while typing in a meeting: one committed save per burst of keystrokes."""
    create_note, save_body, draft_cls = feature(
        "partnerdesk.core.notes", "create_note", "save_body", "NoteDraft"
    )
    copy = bench.copy("autosave")
    store = bench.open(copy)
    try:
        with store.session() as session:
            meetings = session.execute(
                select(Meeting.id, Meeting.manager_id)
                .where(Meeting.status == "planned", Meeting.finalized_at.is_(None))
                .limit(10)
            ).all()
        rng = random.Random(5)
        notes = [
            create_note(store, draft_cls(meeting_id=m.id, manager_id=m.manager_id), "Notes: ")
            for m in meetings
        ]
        bodies = {n.id: n.body for n in notes}
        watch = Stopwatch()
        for _ in range(max(200, bench.runs * 40)):
            note = rng.choice(notes)
            bodies[note.id] += rng.choice(("workload is high ", "#hiring ", "asked about "))
            with watch():
                save_body(store, note.id, bodies[note.id])
    finally:
        store.close()
    return [watch.result("note_autosave", "ms", 10)]


SEARCHES = (
    "burnout",
    "promotion calibration",
    "hiring backfill",
    "calib",
    "Priya",
    "competing offer",
    "relocation",
    "on-call escalation",
    "budget Q3",
    "morale",
)


def full_text_search(bench: Bench) -> list[Result]:
    """Search-as-you-type over every note, answer, follow-up and signal."""
    search = feature("partnerdesk.core.search", "search")
    copy = bench.copy("search")
    store = bench.open(copy)
    try:
        with store.session() as session:
            manager_id, department = session.execute(
                select(Manager.id, Manager.department).limit(1)
            ).one()
        since = date.today() - timedelta(days=180)
        calls = [lambda q=q: search(store, q) for q in SEARCHES]
        calls += [
            lambda: search(store, "workload", manager_id=manager_id),
            lambda: search(store, "training", department=department, since=since),
        ]
        watch = Stopwatch()
        for call in calls:
            watch.repeat(call, max(3, bench.runs))
    finally:
        store.close()
    return [watch.result("search", "ms", 20)]


def roster_import(bench: Bench) -> list[Result]:
    """Import the HRIS export: a dry run, then the real import, on a fresh copy each time."""
    import_roster = feature("partnerdesk.core.roster.importer", "import_roster")
    watch = Stopwatch()
    for run in range(max(3, bench.runs // 2)):
        copy = bench.copy(f"roster-{run}")
        store = bench.open(copy)
        try:
            with watch():
                dry = import_roster(store, copy.csv, dry_run=True)
                applied = import_roster(store, copy.csv)
        finally:
            store.close()
        if not applied.applied:
            raise RuntimeError(f"the roster import was refused: {dry.problems[:3]}")
    return [watch.result("roster_import", "s", 3)]


def roster_import_xlsx(bench: Bench) -> list[Result]:
    """A new team's first import: a 100,000-employee XLSX into an empty profile.

    The dry run and the import (as the app's review step and Import button run them);
    the workbook is written once and cached (tests/bench/roster_xlsx.py).
    """
    import_roster = feature("partnerdesk.core.roster.importer", "import_roster")
    from partnerdesk.core.profile import open_store, unlock_key
    from partnerdesk.paths import ProfilePaths
    from tests.bench.roster_xlsx import roster_xlsx

    path = roster_xlsx()
    template = ProfilePaths(bench.scratch / "roster-xlsx-template")
    shutil.rmtree(template.root, ignore_errors=True)
    key = unlock_key(template, "bench passphrase")
    open_store(template, key, new=True).close()
    watch = Stopwatch()
    for run in range(max(3, bench.runs // 2)):
        target = bench.scratch / f"roster-xlsx-{run}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template.root, target)
        store = open_store(ProfilePaths(target), key)
        try:
            with watch():
                dry = import_roster(store, path, dry_run=True)
                applied = import_roster(store, path)
        finally:
            store.close()
        if not applied.applied:
            raise RuntimeError(f"the XLSX roster import was refused: {dry.problems[:3]}")
    return [watch.result("roster_import_xlsx_100k", "s", 5)]


def sync(bench: Bench) -> list[Result]:
    """Sync through a shared folder: the functions come from tests/bench/bench_sync.py."""
    measure = feature("tests.bench.bench_sync", "measure")
    return measure(bench)


def summary_pdf(bench: Bench) -> list[Result]:
    """The quarterly summary of the whole company, built and rendered to PDF."""
    build_summary = feature("partnerdesk.core.reports.summary", "build_summary")
    period_cls = feature("partnerdesk.core.reports.period", "Period")
    render = feature("partnerdesk.ui.report_pdf", "render_pdf")
    from partnerdesk.ui.qt import QtWidgets

    QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    copy = bench.copy("summary")
    store = bench.open(copy)
    out = Path(tempfile.mkdtemp(dir=bench.scratch)) / "summary.pdf"
    today = date.today()
    quarter = period_cls.quarter(today.year, (today.month - 1) // 3 + 1).previous()
    try:

        def once() -> None:
            render(build_summary(store, quarter), out)

        watch = Stopwatch().repeat(once, max(3, bench.runs // 2))
    finally:
        store.close()
    return [watch.result("summary_pdf", "s", 2)]
