"""Print the seconds from now to 23:30 on the last day of this quarter, on this zone's clock.

`.ci/run` runs the suite again under ``faketime -f "+Ns"`` with this offset (and ``TZ``
set), so every process of the run believes it is half an hour before a quarter ends.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))

from partnerdesk.core import clock  # noqa: E402


def main() -> int:
    now = clock.local_now()
    day = clock.quarter_end(now.date())
    target = clock.at_local(day, 23, 30)
    if target <= now + timedelta(minutes=1):  # already past it: the next quarter's end
        target = clock.at_local(clock.quarter_end(day + timedelta(days=1)), 23, 30)
    print(int((target - now).total_seconds()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
