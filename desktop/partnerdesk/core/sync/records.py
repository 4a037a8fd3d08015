"""Synced records as plain JSON-able dicts: which tables travel and how their values encode.

A bundle carries rows column by column under their names, so a newer Partner Desk
can add columns without breaking an older reader (unknown columns are ignored, missing
ones take their defaults).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Dialect, Table

from partnerdesk.core.store.models import SYNCED_MODELS

#: Agenda tables: accepted only from the HR lead's devices.
AGENDA_TABLES = frozenset({"agenda", "agenda_item"})
#: Note fields that carry the note's words; blanked when a note is withdrawn.
NOTE_TEXT_FIELDS = ("body", "tags", "conflict_body")
#: The key of a note's version vector inside an exported record.
VV_KEY = "_vv"


def _decode_date(value: Any) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value) if value else None
    return value if isinstance(value, date) else None


def _decode_datetime(value: Any) -> datetime | None:
    if isinstance(value, str):
        return datetime.fromisoformat(value) if value else None
    return value if isinstance(value, datetime) else None


class TableCodec:
    """How one synced table's rows turn into JSON values and back."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.name = table.name
        self.columns = [c.name for c in table.columns]
        self._decoders: dict[str, Callable[[Any], Any]] = {}
        for column in table.columns:
            if isinstance(column.type, DateTime):
                self._decoders[column.name] = _decode_datetime
            elif isinstance(column.type, Date):
                self._decoders[column.name] = _decode_date
        self._plans: dict[str, WritePlan] = {}
        self._defaults = {
            c.name: c.default.arg
            for c in table.columns
            if c.default is not None and not callable(c.default.arg)
        }

    def encode(self, row: Sequence[Any]) -> dict[str, Any]:
        """A JSON-able dict from a database row whose first fields are this table's columns."""
        record = dict(zip(self.columns, row, strict=False))
        for name in self._decoders:
            value = record[name]
            if value is not None:
                record[name] = value.isoformat()
        return record

    def write_plan(self, dialect: Dialect) -> WritePlan:
        """The driver-level statements that write this table's rows (built once per dialect)."""
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = WritePlan(self, dialect)
        return plan

    def decoder(self, name: str) -> Callable[[Any], Any] | None:
        """How column ``name`` turns from its JSON form into a Python value (None: as is)."""
        return self._decoders.get(name)

    def missing(self, name: str) -> Any:
        """The value of column ``name`` for a record that lacks it (an older writer)."""
        if name in self._defaults:
            return self._defaults[name]
        return None if self.table.c[name].nullable else _fallback(self, name)


class WritePlan:
    """Plain INSERT and UPDATE statements with the column types' own bind conversions.

    Bulk imports skip SQLAlchemy's per-row statement machinery; values still go through
    each column type's bind processor, so they are stored exactly as an ORM write would.
    """

    def __init__(self, codec: TableCodec, dialect: Dialect) -> None:
        self.codec = codec
        names = codec.columns
        quoted = [f'"{name}"' for name in names]
        self.insert_sql = (
            f'INSERT INTO "{codec.name}" ({", ".join(quoted)}) '
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        others = [name for name in names if name != "id"]
        assignments = ", ".join(f'"{name}" = ?' for name in others)
        self.update_sql = f'UPDATE "{codec.name}" SET {assignments} WHERE "id" = ?'
        processors = {
            c.name: c.type.dialect_impl(dialect).bind_processor(dialect)
            for c in codec.table.columns
        }
        self._insert_steps = [
            (name, codec.decoder(name), processors[name]) for name in codec.columns
        ]
        self._update_steps = [
            (name, codec.decoder(name), processors[name]) for name in [*others, "id"]
        ]

    def _row(self, record: dict[str, Any], steps: list[tuple[str, Any, Any]]) -> tuple:
        """Driver values of ``record`` (an encoded record) in statement order."""
        values = []
        for name, decoder, processor in steps:
            value = record[name] if name in record else self.codec.missing(name)
            if decoder is not None:
                value = decoder(value)
            values.append(processor(value) if processor is not None else value)
        return tuple(values)

    def insert_rows(self, records: list[dict[str, Any]]) -> list[tuple]:
        return [self._row(record, self._insert_steps) for record in records]

    def update_rows(self, records: list[dict[str, Any]]) -> list[tuple]:
        return [self._row(record, self._update_steps) for record in records]


def _fallback(codec: TableCodec, name: str) -> Any:
    """A value for a NOT NULL column a record lacks (written by an older version)."""
    column = codec.table.c[name]
    if isinstance(column.type, DateTime):
        return datetime(1970, 1, 1)
    if isinstance(column.type, Date):
        return date(1970, 1, 1)
    try:
        return column.type.python_type()
    except NotImplementedError:
        return None


@cache
def codecs() -> dict[str, TableCodec]:
    """Codec of every synced table, by table name, in a stable order."""
    return {model.__table__.name: TableCodec(model.__table__) for model in SYNCED_MODELS}
