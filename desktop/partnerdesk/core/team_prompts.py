"""Action-oriented prompts about the manager's team for the prepared meeting.

Since the last meeting with this manager (or, for a first meeting, the last few
weeks): who joined or is about to start, whose trial ends soon, who left, who moved in
or out, who went on leave or came back, and whether the team's engagement dropped.
The wording lives in ``resources/lifecycle/prompts.toml`` and every template passes the
question linter, so the prompts stay about what to do next.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.core.engagement import TeamTrend, format_score
from partnerdesk.core.lifecycle import events_in
from partnerdesk.core.store.models import Employee, Manager
from partnerdesk.paths import resource_path


@dataclass(frozen=True)
class TeamPrompt:
    """One prompt: what it is about, the question, the person and the day it concerns."""

    kind: str
    text: str
    person: str = ""
    on: date | None = None


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The prompt templates and windows from ``resources/lifecycle/prompts.toml``."""
    with open(resource_path("lifecycle", "prompts.toml"), "rb") as fh:
        return tomllib.load(fh)


def short_day(day: date) -> str:
    """16 Nov."""
    return f"{day.day} {day:%b}"


def _say(kind: str, **fields: str) -> str:
    return config()["templates"][kind].format(**fields)


def _names(name: str) -> dict[str, str]:
    return {"name": name, "first": name.split()[0] if name.strip() else "Someone"}


def window(meeting_day: date, last_meeting_day: date | None) -> tuple[date, date]:
    """The days whose events this meeting covers: after the last meeting, up to this one."""
    start = (
        last_meeting_day + timedelta(days=1)
        if last_meeting_day
        else meeting_day - timedelta(days=int(config()["first_meeting_days"]))
    )
    return start, meeting_day


def team_prompts(
    session: Session,
    manager_email: str,
    meeting_day: date,
    last_meeting_day: date | None,
    engagement: TeamTrend | None = None,
) -> list[TeamPrompt]:
    """The prompts for a meeting on ``meeting_day`` with the manager ``manager_email``."""
    cfg = config()
    email = manager_email.strip().lower()
    start, end = window(meeting_day, last_meeting_day)
    ahead = end + timedelta(days=int(cfg["upcoming_days"]))
    prompts: list[TeamPrompt] = []
    events = events_in(session, manager_email=email, since=start, until=ahead)
    others = {e.manager_email for e in events if e.manager_email != email}
    names = dict(
        session.execute(
            select(Manager.email, Manager.name).where(
                Manager.email.in_(others), Manager.deleted.is_(False)
            )
        ).all()
    )
    for e in events:
        who = _names(e.person)
        day = short_day(e.on)
        if e.kind == "joined":
            kind = "joined" if e.on <= end else "starting"
        elif e.kind in ("moved", "manager_changed") and e.on <= end:
            kind = "moved_in" if e.manager_email == email else "moved_out"
        elif e.kind == "left" or (e.kind in ("leave_started", "returned") and e.on <= end):
            kind = e.kind
        else:
            continue
        to = names.get(e.manager_email, e.manager_email or "another team")
        prompts.append(TeamPrompt(kind, _say(kind, day=day, to=to, **who), e.person, e.on))
    trial_until = meeting_day + timedelta(days=int(cfg["trial_days"]))
    trials = session.execute(
        select(Employee.name, Employee.trial_end_date)
        .where(
            Employee.deleted.is_(False),
            Employee.active.is_(True),
            Employee.status != "terminated",
            Employee.manager_email == email,
            Employee.trial_end_date >= meeting_day,
            Employee.trial_end_date <= trial_until,
        )
        .order_by(Employee.trial_end_date, Employee.name)
    ).all()
    for name, day in trials:
        text = _say("trial_end", day=short_day(day), **_names(name))
        prompts.append(TeamPrompt("trial_end", text, name, day))
    drop = engagement_drop(engagement)
    if drop:
        prompts.append(drop)
    return prompts


def engagement_drop(trend: TeamTrend | None) -> TeamPrompt | None:
    """A prompt when the team's engagement fell by the configured margin (never below the floor)."""
    if trend is None or trend.change is None or trend.previous is None:
        return None
    unit = trend.latest.unit
    threshold = float(config()["engagement_drop_points"]) / (1 if unit == "%" else 10)
    if trend.change > -threshold:
        return None
    text = _say(
        "engagement_drop",
        before=format_score(trend.previous.score, unit),
        after=format_score(trend.latest.score, unit),
        period=trend.latest.period,
    )
    return TeamPrompt("engagement_drop", text)
