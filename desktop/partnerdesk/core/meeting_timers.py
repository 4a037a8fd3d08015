"""Time used in each agenda section of a meeting, kept on this device across reopenings
(a meeting closed and opened again carries on counting from where it was)."""

from __future__ import annotations

import json

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import LocalSetting

_KEY = "meeting_timer:{}"


def load_times(store: Store, meeting_id: str) -> dict[str, int]:
    """Seconds used per section name (empty when the meeting never ran here)."""
    with store.session() as session:
        row = session.get(LocalSetting, _KEY.format(meeting_id))
    try:
        times = json.loads(row.value) if row is not None else {}
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in times.items()} if isinstance(times, dict) else {}


def save_times(store: Store, meeting_id: str, times: dict[str, int]) -> None:
    """Keep the seconds used per section."""
    with store.transaction() as session:
        session.merge(LocalSetting(key=_KEY.format(meeting_id), value=json.dumps(times)))
