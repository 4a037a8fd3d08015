"""Print the seconds from now to a moment that tests date rules, on this zone's clock.

``quarter-end``: 23:30 on the last day of this quarter. ``month-start``: 00:30 on the first
day of next month. `.ci/run` runs the suite again under ``faketime -f "+Ns"`` with this
offset (and ``TZ`` set), so every process of the run believes it is that moment.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))

from partnerdesk.core import clock


def main(argv: list[str]) -> int:
    now = clock.local_now()
    if argv == ["quarter-end"]:
        target = clock.at_local(clock.quarter_end(now.date()), 23, 30)
        if target <= now + timedelta(minutes=1):  # already past it: the next quarter's end
            next_quarter = clock.quarter_start(now.date(), 1)
            target = clock.at_local(clock.quarter_end(next_quarter), 23, 30)
    elif argv == ["month-start"]:
        target = clock.at_local(clock.month_start(now.date(), 1), 0, 30)
    else:
        print("usage: clock_offset.py {quarter-end|month-start}", file=sys.stderr)
        return 2
    print(int((target - now).total_seconds()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
