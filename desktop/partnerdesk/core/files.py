"""Bounded reads of files a person hands the app (rosters, agendas, key files, results).

A path may name anything: a FIFO that never ends, ``/dev/zero``, a folder, a file that
grows while it is read. Only regular files are read, and never more than a limit,
counted in bytes actually read (not the size the file system claims).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from partnerdesk.core.store.errors import StoreError

_CHUNK = 1 << 20


class InputFileError(StoreError):
    """A file given to the app cannot be read as what it should be; the message says why."""


def _size_text(limit: int) -> str:
    return f"{limit // (1 << 20)} MB" if limit >= 1 << 20 else f"{limit // 1024} KB"


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Anything else (missing, a folder, a FIFO, a device, unreadable, larger than the
    limit) raises InputFileError with one line that says what to do.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputFileError(f"There is no file {path}; check the path and try again.") from None
    except OSError as exc:
        raise InputFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(f"{path} is a folder; give the {what} inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(
            f"{path} is not a regular file (a pipe or a device); save the {what} to a file "
            "and give that."
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    chunks: list[bytes] = []
    total = 0
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
            raise InputFileError(f"{path} is not a regular file; give the {what} itself.")
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputFileError(
            f"{path.name} is larger than {_size_text(limit)}; is it really the {what}?"
        )
    return b"".join(chunks)


def read_text_bounded(path: str | Path, limit: int, what: str = "file") -> str:
    """The UTF-8 text (a BOM allowed) of the regular file ``path``, at most ``limit`` bytes."""
    data = read_bounded(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{path} is not UTF-8 text; save the {what} as UTF-8.") from None


def read_toml(path: str | Path, limit: int, what: str = "file") -> dict:
    """The TOML table in ``path``, read within ``limit`` bytes.

    Unreadable, too large or absurdly nested input raises InputFileError; invalid TOML
    raises ``tomllib.TOMLDecodeError`` for the caller to explain.
    """
    import tomllib

    text = read_text_bounded(path, limit, what)
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise InputFileError(
            f"{path} nests tables or arrays too deeply to be a {what}; nothing was read."
        ) from None
