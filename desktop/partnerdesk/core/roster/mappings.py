"""Remembered column mappings: a confirmed mapping is kept by the file's header signature.

Next month's export of the same HRIS report has the same headers, so the mapping the
rep confirmed once is found again and the import is one step. Mappings are kept in
the device-local settings (they describe this rep's exports; they never sync).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from partnerdesk.core import clock
from partnerdesk.core.roster.vocabulary import header_key
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import LocalSetting

KEY_PREFIX = "roster.mapping."


def header_signature(headers: list[str]) -> str:
    """A short fingerprint of a header row (case, spacing and punctuation do not count)."""
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Remembered:
    """A mapping the rep confirmed for files with these headers, and when."""

    mapping: dict[str, str]
    saved: date


def _decode(value: str) -> Remembered | None:
    try:
        raw = json.loads(value)
        return Remembered(
            {str(k): str(v) for k, v in raw["mapping"].items()},
            date.fromisoformat(raw["saved"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged entry is as good as none: the rep maps the columns again


def remembered_mapping(store: Store, headers: list[str]) -> Remembered | None:
    """The mapping confirmed for files with these headers, or None."""
    with store.session() as session:
        row = session.get(LocalSetting, KEY_PREFIX + header_signature(headers))
        return _decode(row.value) if row is not None else None


def remember_mapping(session: Session, headers: list[str], mapping: Mapping[str, str]) -> None:
    """Keep ``mapping`` for files with these headers (inside the caller's transaction)."""
    value = json.dumps({"mapping": dict(mapping), "saved": clock.today().isoformat()})
    key = KEY_PREFIX + header_signature(headers)
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value
