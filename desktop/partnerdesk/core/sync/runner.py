"""One sync: write this device's outbox as a bundle, then import every bundle not seen yet.

Each bundle is applied a chunk of records per transaction (a rep's save goes between two
chunks) and marked imported last, so a shared folder that disappears mid-sync, or a lock,
leaves the bundle unmarked; the next sync applies it again (merging is idempotent) and
picks up where this one stopped. A damaged or foreign bundle is
reported (naming the file) and skipped; the rest of the sync goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, StatementError

from partnerdesk.core.clock import utcnow, wall_ms
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import HeldChange, ImportedBundle, Note, OutboxMark, SyncTeam
from partnerdesk.core.sync import bundle as bundles
from partnerdesk.core.sync.identity import DeviceKeys, TrustError
from partnerdesk.core.sync.importer import Signer, alarm_text, apply_bundle, release_held
from partnerdesk.core.sync.membership import Device, TeamState, epoch_keys, refresh
from partnerdesk.core.sync.outbox import (
    collect,
    device_name,
    forget_deleted_words,
    forget_settled,
    my_rep_id,
    needs_full_scan,
    record_marks,
    settle,
    waiting_count,
)
from partnerdesk.core.sync.problems import add_problem, settle_file, settle_kind
from partnerdesk.core.sync.team import (
    TEAM_FILE,
    FolderUnreachable,
    TeamError,
    check_folder,
    device_keys,
    require_team,
)

log = logging.getLogger("partnerdesk.sync")

#: A device folder's name (device ids are short hex strings).
DEVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
Progress = Callable[[int, int, str], None]
#: A device replaces its bundles with one checkpoint once it has written this many.
COMPACT_AFTER = 64
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class SyncBusy(StoreError):
    """Another sync of the same profile is running."""


class _FolderGone(Exception):
    """The shared folder vanished while this sync was using it."""


@dataclass
class SyncReport:
    """What one sync did, for the status bar, the CLI and the Team & Sync view."""

    team_name: str
    reachable: bool = True
    exported: int = 0
    bundle: str | None = None
    imported_bundles: int = 0
    imported_changes: int = 0
    released: int = 0
    waiting: int = 0
    conflicts: int = 0
    problems: list[str] = field(default_factory=list)
    folder_problem: str = ""
    #: Not approved yet, or removed: nothing was sent or received.
    pending: bool = False
    #: How many of this device's bundles one checkpoint replaced.
    compacted: int = 0

    def summary(self) -> str:
        """One plain sentence (no note text, ever)."""
        if self.pending:
            return self.folder_problem
        if not self.reachable:
            return f"{self.waiting} change(s) waiting — shared folder not reachable"
        parts = []
        parts.append(f"sent {self.exported} change(s)" if self.exported else "nothing to send")
        if self.imported_bundles:
            parts.append(
                f"received {self.imported_changes} change(s) in {self.imported_bundles} bundle(s)"
            )
        else:
            parts.append("nothing new received")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict(s) to resolve")
        if self.problems:
            parts.append(f"{len(self.problems)} problem(s)")
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


@contextlib.contextmanager
def _exclusive(store: Store) -> Iterator[None]:
    """One sync per profile at a time: a thread lock, plus a file lock across processes."""
    key = str(store.path)
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    if not lock.acquire(blocking=False):
        raise SyncBusy("A sync is already running; try again in a moment.")
    try:
        with _file_lock(store.path.with_name("sync.lock")):
            yield
    finally:
        lock.release()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the thread lock and O_EXCL names suffice
        yield
        return
    with open(path, "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SyncBusy(
                "Another Partner Desk is syncing this profile; try again in a moment."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _taken_names(folder: Path) -> dict[int, os.DirEntry]:
    """Every entry of ``folder`` named like a bundle, whatever it is (file, folder, link)."""
    found: dict[int, os.DirEntry] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            seq = bundles.seq_of(entry.name)
            if seq is not None:
                found[seq] = entry
    return found


def _own_bundle(
    team: SyncTeam, trust: _Trust, device: str, entry: os.DirEntry, seq: int
) -> str | None:
    """The hash of ``entry`` when it is a whole bundle this device wrote, else None."""
    try:
        data = bundles.read_file(Path(entry.path))
        bundles.open_bundle(
            data, entry.path, team.team_id, device, seq, trust.keys.sign_pub, trust.epochs
        )
    except (bundles.BundleError, OSError):
        return None
    return bundles.sha256_hex(data)


def _next_seq(
    store: Store,
    team: SyncTeam,
    trust: _Trust,
    folder: Path,
    session_problems: list[tuple[str, str]],
) -> tuple[int, str]:
    """The number and previous hash of this device's next bundle.

    Numbers are taken one after the other from the last one this profile wrote. A name
    in the way that holds a bundle of this device (a restored backup, a sync stopped
    half-way) is continued after, with an alarm; anything else in the way (a folder, a
    link, a stranger's file) is stepped over and listed. Files further ahead are never
    followed, so a planted ``9999999999.pdsync`` cannot push this device out of reach.
    """
    taken = _taken_names(folder)
    seq, prev = team.last_seq + 1, team.last_hash
    restored = False
    while seq in taken:
        digest = _own_bundle(team, trust, store.device_id, taken[seq], seq)
        if digest is not None:
            restored = True
            prev = digest
        else:
            session_problems.append(
                (
                    "damaged",
                    f"{taken[seq].path} is in the way of this computer's next bundle and is "
                    "not one of its bundles; it was stepped over. Someone with access to the "
                    "shared folder put it there: remove it.",
                )
            )
        seq += 1
    if restored:
        session_problems.append(
            (
                "alarm",
                f"{folder} holds bundles up to number {seq - 1} for this device, but this "
                f"profile recorded only up to {team.last_seq}. Partner Desk may have "
                "stopped in the middle of a sync (then all is well), the profile was "
                "restored from a backup, or it is also in use on another computer (then "
                f"stop using one of the copies). New bundles continue after {seq - 1}.",
            )
        )
    return seq, prev


def sync(
    store: Store, *, progress: Progress | None = None, now_ms: Callable[[], int] = wall_ms
) -> SyncReport:
    """Run one sync of this profile with its team's shared folder."""
    team = require_team(store)
    report = SyncReport(team_name=team.name)
    with _exclusive(store):
        store.prime_clock()
        trust: _Trust | None = None
        try:
            check_folder(team)
            trust = _trust(store, team, report)
            if trust is not None:
                team = require_team(store)
                withdrew = _export(store, team, trust, report)
                _compact(store, team, trust, report, withdrew or _upgraded(store, trust))
                _import(store, team, trust, report, progress or _no_progress, now_ms)
                if report.imported_changes:  # a meeting moved elsewhere takes what was
                    from partnerdesk.core.meetings import MeetingService  # written here

                    MeetingService(store).follow_moved()
        except (FolderUnreachable, _FolderGone) as exc:
            report.reachable = False
            report.folder_problem = (
                f"The shared folder {team.folder} is not reachable ({exc}). Changes wait "
                "here and go out at the next sync."
            )
            report.waiting = waiting_count(store)
        except TeamError as exc:
            report.reachable = False
            report.folder_problem = str(exc)
            report.waiting = waiting_count(store)
        if trust is not None:
            report.released = release_held(store, now_ms(), trust.state, store.clock.observe)
        _finish(store, team.team_id, report)
    if report.imported_changes:
        store.checkpoint_later()  # what the import wrote goes back into the database
    log.info(
        "sync: sent %d, received %d in %d bundles, %d problems, reachable=%s",
        report.exported,
        report.imported_changes,
        report.imported_bundles,
        len(report.problems),
        report.reachable,
    )
    return report


@dataclass
class _Trust:
    """The verified membership log and the keys this device holds, for one sync."""

    state: TeamState
    keys: DeviceKeys
    epochs: dict[int, bytes]

    def sealer(self, team: SyncTeam, device: str) -> bundles.Sealer:
        epoch = self.state.epoch
        return bundles.Sealer(self.keys, self.epochs[epoch], epoch, team.team_id, device)


def _trust(store: Store, team: SyncTeam, report: SyncReport) -> _Trust | None:
    """Bring the membership log up to date; None when this device may not sync (yet)."""
    from partnerdesk.core.sync.upgrade import ask_again, needs_upgrade

    if needs_upgrade(team):
        try:
            asked = ask_again(store, team)
        except TeamError as exc:
            report.folder_problem = str(exc)
            return None
        if not asked:
            report.pending = True
            report.folder_problem = (
                "This team was made by an older Partner Desk. Its creator or HR lead runs "
                "`partnerdesk team upgrade`; then this computer asks to join again by itself."
            )
            return None
        team = require_team(store)
    keys = device_keys(team)
    try:
        result = refresh(store, Path(team.folder), team.team_id, keys)
    except OSError as exc:
        raise _FolderGone(exc.strerror or str(exc)) from None
    except TrustError as exc:
        report.folder_problem = (
            f"The team's member list holds an entry this computer cannot use ({exc}); ask "
            "a team admin to check the shared folder."
        )
        return None
    for message in result.problems:
        _problem(store, report, "damaged", message, str(Path(team.folder) / "log"), "")
    state = result.state
    with store.session() as session:
        epochs = epoch_keys(session)
    me = state.devices.get(store.device_id)
    if me is None:
        report.pending = True
        report.folder_problem = (
            f"Waiting for a team admin to approve this computer (its fingerprint is "
            f"{keys.fingerprint}; compare it with the one the admin sees). Nothing is sent "
            "or received until then."
        )
        return None
    if me.removed:
        report.pending = True
        report.folder_problem = (
            "This computer was removed from the team by an admin: it receives nothing "
            "written since. Leave the team (`partnerdesk team leave`) and ask to join again "
            "if that was a mistake."
        )
        return None
    if state.epoch not in epochs:
        report.folder_problem = (
            "This computer was not given the team's current key; ask a team admin to "
            "remove this laptop and approve it again."
        )
        return None
    return _Trust(state, keys, epochs)


def resend_all(store: Store) -> int:
    """Forget what was sent, so the next sync sends every record this device wrote again.

    The remedy when a bundle of this device was damaged in the shared folder. Notes
    withdrawn from the team stay withdrawn. Returns how many records will be resent.
    """
    with store.transaction() as session:
        session.execute(delete(OutboxMark).where(OutboxMark.withdrawn.is_(False)))
    forget_settled(store)
    return waiting_count(store)


def _no_progress(_done: int, _total: int, _label: str) -> None:
    return None


def _export(store: Store, team: SyncTeam, trust: _Trust, report: SyncReport) -> bool:
    """Write this device's waiting changes; True when words were withdrawn or deleted."""
    out = collect(store, full=needs_full_scan(store))
    if out.count == 0:
        if out.marks:
            with store.transaction() as session:
                record_marks(session, out.marks)
        settle(store, out)
        return False
    folder = Path(team.folder) / "devices" / store.device_id
    found: list[tuple[str, str]] = []
    written: list[tuple[int, str, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        seq, prev = _next_seq(store, team, trust, folder, found)
        sealer = trust.sealer(team, store.device_id)
        for part in out.payloads(device_name(store), my_rep_id(store)):
            data = bundles.seal(sealer, seq, prev, part)
            path = bundles.write_bundle(folder, seq, data)
            prev = bundles.sha256_hex(data)
            written.append((seq, prev, path))
            with store.transaction() as session:
                row = session.get(SyncTeam, team.team_id)
                row.last_seq, row.last_hash = seq, prev
            team.last_seq, team.last_hash = seq, prev
            seq += 1
    except OSError as exc:
        if not (Path(team.folder) / TEAM_FILE).exists():
            raise _FolderGone(exc.strerror or str(exc)) from None
        raise FolderUnreachable(f"cannot write to {folder}: {exc.strerror or exc}") from None
    finally:
        for kind, message in found:
            _problem(store, report, kind, message, str(folder), store.device_id)
    with store.transaction() as session:
        record_marks(session, out.marks)
        forget_deleted_words(session, store.device_id)
    settle(store, out)
    report.exported = out.count
    report.bundle = str(written[-1][2])
    deleted = out.changes.get("note", [])
    return any(mark[3] for mark in out.marks) or any(r.get("deleted") for r in deleted)


def _upgraded(store: Store, trust: _Trust) -> bool:
    """True once after an upgrade: this computer's unsigned bundles are compacted away."""
    from partnerdesk.core.sync.upgrade import take_resend_flag

    return take_resend_flag(store)


def _compact(
    store: Store, team: SyncTeam, trust: _Trust, report: SyncReport, withdrew: bool
) -> None:
    """Replace this device's bundles with one signed checkpoint, and delete them.

    Done when words were withdrawn or deleted (so they are gone from the folder within
    this sync) and when the device has written ``COMPACT_AFTER`` bundles (so a new
    computer reads one checkpoint per device instead of years of edits).
    """
    folder = Path(team.folder) / "devices" / store.device_id
    try:
        own = {
            seq: Path(entry.path)
            for seq, entry in _taken_names(folder).items()
            if seq <= team.last_seq and entry.is_file(follow_symlinks=False)
        }
    except OSError:
        return
    if len(own) < 2 or (not withdrew and len(own) < COMPACT_AFTER):
        return
    out = collect(store, everything=True)
    base, prev = team.last_seq, team.last_hash
    sealer = trust.sealer(team, store.device_id)
    seq = base + 1
    try:
        for part in out.payloads(device_name(store), my_rep_id(store)):
            data = bundles.seal(sealer, seq, prev, part, base=base)
            bundles.write_bundle(folder, seq, data)
            prev = bundles.sha256_hex(data)
            with store.transaction() as session:
                row = session.get(SyncTeam, team.team_id)
                row.last_seq, row.last_hash = seq, prev
            team.last_seq, team.last_hash = seq, prev
            seq += 1
    except OSError as exc:
        raise FolderUnreachable(f"cannot write to {folder}: {exc.strerror or exc}") from None
    for path in own.values():
        with contextlib.suppress(OSError):
            path.unlink()
    report.compacted = len(own)


@dataclass(frozen=True)
class _Pending:
    """A bundle file to import."""

    device: str
    seq: int
    path: Path
    mtime_ns: int


@dataclass
class _Scan:
    """What a look at the shared folder found: bundles to import, files to recheck, oddities."""

    todo: list[_Pending] = field(default_factory=list)
    recheck: list[tuple[str, int, Path]] = field(default_factory=list)
    odd: list[tuple[str, str, str]] = field(default_factory=list)


def _scan(store: Store, devices: Path) -> _Scan:
    """Bundles not imported yet, files to look at again, and entries that are not bundles."""
    with store.session() as session:
        known = {
            (row.device_id, row.seq): (row.file_size, row.file_mtime_ns)
            for row in session.execute(
                select(
                    ImportedBundle.device_id,
                    ImportedBundle.seq,
                    ImportedBundle.file_size,
                    ImportedBundle.file_mtime_ns,
                )
            )
        }
    found = _Scan()
    folders = []
    with os.scandir(devices) as device_dirs:
        for entry in device_dirs:
            if entry.name == store.device_id or not DEVICE_NAME.match(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.name, entry.path))
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
                found.odd.append((entry.path, bundles.not_a_file(entry.path, mode), entry.name))
    for device, folder in sorted(folders):
        try:
            _scan_device(device, folder, known, found)
        except FileNotFoundError:
            continue  # gone while we looked; the next sync looks again
    found.todo.sort(key=lambda p: (p.device, p.seq))
    return found


def _scan_device(
    device: str, folder: str, known: dict[tuple[str, int], tuple[int, int]], found: _Scan
) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            seq = bundles.seq_of(entry.name)
            duplicate = None if seq else bundles.seq_of(entry.name, bundles.DUPLICATE_NAME)
            if seq is None and duplicate is None:
                continue  # temp files, partial downloads, anything else
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(info.st_mode):
                if seq is not None:
                    message = bundles.not_a_file(entry.path, info.st_mode)
                    found.odd.append((entry.path, message, device))
                continue
            if duplicate is not None:
                if (device, duplicate) in known:
                    found.recheck.append((device, duplicate, Path(entry.path)))
                continue
            seen = known.get((device, seq))
            if seen is None:
                found.todo.append(_Pending(device, seq, Path(entry.path), info.st_mtime_ns))
            elif seen != (info.st_size, info.st_mtime_ns):
                found.recheck.append((device, seq, Path(entry.path)))


def _gap(store: Store, opened: bundles.Bundle, name: str) -> str | None:
    """The problem line when numbers are missing before ``opened`` (never a stop)."""
    header = opened.header
    with store.session() as session:
        last = session.scalar(
            select(func.max(ImportedBundle.seq)).where(
                ImportedBundle.device_id == header.device, ImportedBundle.seq < header.seq
            )
        )
    expected = max(last or 0, header.base) + 1
    if header.seq <= expected:
        return None
    folder = Path(name).parent
    if header.seq - expected <= 1000 and any(
        (folder / bundles.bundle_name(seq)).exists() for seq in range(expected, header.seq)
    ):
        return None  # they are there, damaged or still copying: listed on their own
    missing = f"{expected}" if header.seq == expected + 1 else f"{expected} to {header.seq - 1}"
    return (
        f"{name}: update(s) {missing} of computer {header.device[:16]} are missing before it; "
        "the later ones were read anyway. If the sync service is still copying, this goes "
        "away; a jump this large that stays means someone put a stray file there."
    )


def _recheck(
    store: Store, team: SyncTeam, trust: _Trust, items: list[tuple[str, int, Path]]
) -> None:
    """An imported bundle changed on disk, or a sync service made a copy of one.

    A copy that is not a whole bundle of that device and number is ignored: only two
    genuine, different bundles under one number raise the two-computers alarm.
    """
    for device, seq, path in items:
        try:
            data = bundles.read_file(path)
            stat_now = path.stat()
        except (OSError, bundles.BundleError):
            continue
        digest = bundles.sha256_hex(data)
        final = bundles.seq_of(path.name) is not None
        with store.transaction() as session:
            row = session.get(ImportedBundle, (device, seq))
            if row is None:
                continue
            if digest == row.sha256:
                if final:
                    row.file_size, row.file_mtime_ns = stat_now.st_size, stat_now.st_mtime_ns
                continue
            member = trust.state.devices.get(device)
            try:
                if member is None:
                    continue
                bundles.open_bundle(
                    data, str(path), team.team_id, device, seq, member.sign_pub, trust.epochs
                )
            except bundles.BundleError:
                continue  # a damaged copy (or a damaged original: its import stays as it was)
            add_problem(session, "alarm", alarm_text(str(path), device, seq), str(path), device)


def _import(
    store: Store,
    team: SyncTeam,
    trust: _Trust,
    report: SyncReport,
    progress: Progress,
    now_ms: Callable[[], int],
) -> None:
    team_dir = Path(team.folder)
    devices = team_dir / "devices"
    try:
        found = _scan(store, devices)
    except OSError as exc:
        raise _FolderGone(exc.strerror or str(exc)) from None
    if not (team_dir / TEAM_FILE).exists():
        raise _FolderGone("it disappeared while being read")
    for path, message, device in found.odd:
        _problem(store, report, "damaged", message, path, device)
    _recheck(store, team, trust, found.recheck)
    todo = found.todo
    state = trust.state
    total = len(todo)
    for index, item in enumerate(todo):
        progress(index, total, f"Importing bundle {item.seq} from device {item.device[:8]}")
        name = str(item.path)
        member = state.devices.get(item.device)
        if member is None or not state.trusts(item.device, item.seq):
            _problem(store, report, "refused", _untrusted(name, item, member), name, item.device)
            continue
        try:
            data = bundles.read_file(item.path)
            opened = bundles.open_bundle(
                data, name, team.team_id, item.device, item.seq, member.sign_pub, trust.epochs
            )
        except OSError as exc:
            if not (team_dir / TEAM_FILE).exists():
                raise _FolderGone(exc.strerror or str(exc)) from None
            _problem(
                store,
                report,
                "damaged",
                f"{name} cannot be read ({exc.strerror or exc}).",
                name,
                item.device,
            )
            continue
        except bundles.BundleError as exc:
            _problem(store, report, "damaged", str(exc), name, item.device)
            continue
        try:
            stats = apply_bundle(
                store,
                opened,
                Signer(
                    member.device_id,
                    member.email,
                    state.is_admin(member.device_id),
                    {d.device_id: d.email for d in state.devices.values()},
                ),
                file=name,
                mtime_ns=item.mtime_ns,
                now_ms=now_ms(),
                observe=store.clock.observe,
            )
        except (ValueError, TypeError, KeyError, IntegrityError, StatementError) as exc:
            message = (
                f"{name} holds records this Partner Desk cannot store ({type(exc).__name__}); "
                "the rest of it was not applied. If its owner runs a newer Partner Desk, update "
                "this one; otherwise ask them to run `partnerdesk sync --resend-all`."
            )
            _problem(store, report, "damaged", message, name, item.device)
            continue
        with store.transaction() as session:
            settle_file(session, name)
        gap = _gap(store, opened, name)
        if gap:
            _problem(store, report, "damaged", gap, f"{name}#gap", item.device)
        report.imported_bundles += 1
        report.imported_changes += stats.applied
    progress(total, total, "Sync finished")


def _untrusted(name: str, item: _Pending, member: Device | None) -> str:
    if member is None:
        return (
            f"{name} is in the folder of a computer that is not a member of the team; it was "
            "skipped and nothing from it was applied. Someone with access to the shared "
            "folder put it there, or that computer still waits for approval."
        )
    return (
        f"{name} was written by a computer removed from the team ({member.email}, "
        f"{member.name or member.device_id[:16]}) after its removal; it was skipped and "
        "nothing from it was applied."
    )


def _problem(
    store: Store, report: SyncReport, kind: str, message: str, file: str, device: str
) -> None:
    with store.transaction() as session:
        new = add_problem(session, kind, message, file, device)
    if new:
        report.problems.append(message)
        log.warning("sync: %s", message)


def _finish(store: Store, team_id: str, report: SyncReport) -> None:
    with store.transaction() as session:
        row = session.get(SyncTeam, team_id)
        if report.reachable:
            row.last_sync_at = utcnow()
        row.last_problem = report.folder_problem
        held = set(session.scalars(select(HeldChange.reason).distinct()))
        for kind in ("future", "not_lead"):
            if kind not in held:
                settle_kind(session, kind)
        report.conflicts = session.scalar(
            select(func.count())
            .select_from(Note)
            .where(Note.conflict_body.is_not(None), Note.deleted.is_(False))
        )
