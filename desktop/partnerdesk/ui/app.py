"""Starting the GUI: the application object, first run or unlock, then the main window.

The start-up path, in the order it runs (``tests/bench/startup.py`` times it):

1. :func:`run` checks for a display, builds the QApplication (appearance from the
   settings file) and takes the profile's lock. A first run creates the profile (the
   wizard) before any window; every other start goes on without a key.
2. :class:`~partnerdesk.ui.main_window.MainWindow` shows only its lock page ("Opening
   your notes…") and is painted: no SQLAlchemy and no key are needed for that paint.
3. After the paint, ``MainWindow.open_in_background`` fetches the data key on a thread
   of its own (the OS keyring; Argon2id when a passphrase is given) and builds the
   sidebar and menus meanwhile.
4. If the last close left a Today snapshot that still holds (``core/store/snapshot.py``),
   Today is shown from it once the key is known, and the store opens behind it.
5. The open task (the thread pool) imports SQLAlchemy and the models, opens the
   SQLCipher engine, compares the schema with ``migrate.HEAD`` (Alembic only loads when
   a migration is due) and moves the clock past the newest stored stamp.
6. ``MainWindow.set_store`` shows Today read from the store, starts the integrity check,
   and after Today's first paint the sync and the meeting screen (built ahead of use).
"""

from __future__ import annotations

import gc
import os
import sys
import time

from partnerdesk import APP_NAME, __version__
from partnerdesk.paths import resource_path


def display_problem(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """One clear line when the GUI has no screen to open on (else Qt aborts with a
    misleading message about xcb plugins), or None."""
    env = os.environ if env is None else env
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "partnerdesk: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
        "unset); start it from a desktop session, or use the command-line verbs "
        "(partnerdesk --help)."
    )


def make_application(appearance: str = "system"):
    """The QApplication, in the Light, Dark or system's appearance."""
    from partnerdesk.ui.qt import QtGui, QtWidgets

    # A background thread (sync, search) running Python hands the GIL back every 1 ms,
    # not 5: a keystroke or a save on the GUI thread waits that long at most per turn
    # (tests/bench: autosave during a sync, p95 29 -> 24 ms with chunks of 100 records).
    sys.setswitchinterval(0.001)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("PartnerDesk")
    app.setStyle("Fusion")
    icon = resource_path("icons", "partnerdesk.svg")
    if icon.exists():
        app.setWindowIcon(QtGui.QIcon(str(icon)))
    from partnerdesk.ui.theme import apply

    apply(app, appearance)
    return app


def create_profile(ctx):
    """First run: the profile from a given passphrase (scripts), else the setup wizard."""
    from partnerdesk.core.profile import open_profile
    from partnerdesk.ui.dialogs.first_run import FirstRunWizard

    if ctx.passphrase() is not None:
        return open_profile(ctx.paths, ctx.passphrase()), True
    return FirstRunWizard.create_profile(None, ctx.paths)


def run(ctx, smoke: bool = False) -> int:
    """Run the app; with ``smoke`` open the store, paint the window and exit 0 when done.

    An existing profile paints its window first and unlocks behind it (SQLAlchemy, key
    derivation and any migration are not needed for the first paint).
    """
    from partnerdesk.core.store.errors import StoreError

    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    try:
        passphrase = ctx.passphrase()
    except StoreError as exc:  # an unreadable --passphrase-file
        print(f"partnerdesk: {exc}", file=sys.stderr)
        return 1
    from partnerdesk.commands.context import setup_logging
    from partnerdesk.core.settings import Settings
    from partnerdesk.ui.after_paint import after_next_paint
    from partnerdesk.ui.crash import install as install_excepthook
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.qt import QtWidgets
    from partnerdesk.ui.state import AppState

    app = make_application(Settings.load(ctx.paths.settings_file).appearance)
    from partnerdesk.core.instance import ProfileLock

    profile_lock = ProfileLock(ctx.paths)
    if not profile_lock.acquire():  # the app already runs on this profile: show it
        from partnerdesk.ui.single import ask_running_app_to_raise

        if ask_running_app_to_raise(ctx.paths):
            return 0
        print(f"partnerdesk: {APP_NAME} already has {ctx.paths.root} open.", file=sys.stderr)
        return 1
    store = None
    if not ctx.paths.exists():
        try:
            store, ok = create_profile(ctx)
        except StoreError as exc:
            if smoke:
                print(f"partnerdesk: {exc}", file=sys.stderr)
                return 1
            QtWidgets.QMessageBox.critical(None, APP_NAME, str(exc))
            return 1
        if not ok:
            return 0
    state = AppState(store, ctx.paths)
    # Once unlocked, what is loaded by then (SQLAlchemy, Qt wrappers) lives for the whole
    # session: freezing it keeps a full garbage collection (~50 ms) out of typing and opens.
    state.hub.locked_changed.connect(lambda locked: None if locked else gc.freeze())
    if smoke:  # progress lines for tests/bench, which time them as they arrive
        state.hub.task_finished.connect(lambda label: print(f"smoke task done: {label}"))
    window = MainWindow(state)
    install_excepthook(lambda: ctx.paths.logs, lambda: window)
    if store is None:
        window.show_opening()  # the first paint says what happens next, not "locked"
    window.show()
    window.profile_lock = profile_lock  # held as long as the window lives

    def after_paint() -> None:
        if smoke:
            print(f"smoke painted cpu={time.thread_time():.3f}", flush=True)
        if store is None:
            window.open_in_background(passphrase)
        else:
            window.check_integrity()
        setup_logging(ctx.paths)
        from partnerdesk.ui.single import RaiseServer

        window.raise_server = RaiseServer(ctx.paths, window)

    after_next_paint(window, after_paint)
    return smoke_run(app, window) if smoke else app.exec()


def smoke_run(app, window) -> int:
    """Run until the store is open, Today painted and background work done; exit 0 if so.

    Prints ``smoke today painted from=SOURCE`` each time Today is painted with data from
    a new source: the last close's snapshot, then the store."""
    from partnerdesk.ui.qt import QtCore

    state = window.state
    pool = QtCore.QThreadPool.globalInstance()
    painted = None
    for _ in range(6000):  # up to a minute
        app.processEvents()
        if window.today_source != painted:
            painted = window.today_source
            app.processEvents()  # paints the Today view, filled as the store was set
            print(f"smoke today painted from={painted} cpu={time.thread_time():.3f}", flush=True)
        if painted == "store" and not pool.activeThreadCount():
            break
        pool.waitForDone(10)
    app.processEvents()
    if state.store is None:
        print("partnerdesk: the profile could not be opened", file=sys.stderr)
        return 1
    print(f"smoke ok: {APP_NAME} {__version__} opened {state.store.path}")
    window.close()
    return 0
