"""A small team for lifecycle tests: two roster files a month apart, and a pinned clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from partnerdesk.core import clock
from partnerdesk.core.roster import import_roster

HEADER = "Employee ID,Full Name,Work Email,Job Title,Department,Location,Manager Email"
BOSS = "E1,Vera Stone,vera@acme.example,CEO,Executive,London,"
ANNA = "anna@acme.example"  # Sales manager
BORIS = "boris@acme.example"  # Marketing manager
FIRST = [
    BOSS,
    f"E2,Anna Berg,{ANNA},Head of Sales,Sales,London,vera@acme.example",
    f"E3,Boris Kahn,{BORIS},Head of Marketing,Marketing,London,vera@acme.example",
    f"E4,Lea Moreau,lea@acme.example,Account Executive,Sales,London,{ANNA}",
    f"E5,Tariq Aziz,tariq@acme.example,Account Executive,Sales,London,{ANNA}",
    f"E6,Omar Said,omar@acme.example,Marketer,Marketing,London,{BORIS}",
    f"E7,Ines Roth,ines@acme.example,Designer,Marketing,London,{BORIS}",
]
#: A month later: Lea left, Mina joined Sales, Omar moved to Sales, Ines now reports to Vera.
SECOND = [
    BOSS,
    f"E2,Anna Berg,{ANNA},Head of Sales,Sales,London,vera@acme.example",
    f"E3,Boris Kahn,{BORIS},Head of Marketing,Marketing,London,vera@acme.example",
    f"E5,Tariq Aziz,tariq@acme.example,Account Executive,Sales,London,{ANNA}",
    f"E6,Omar Said,omar@acme.example,Account Executive,Sales,London,{ANNA}",
    "E7,Ines Roth,ines@acme.example,Designer,Marketing,London,vera@acme.example",
    f"E8,Mina Park,mina@acme.example,Account Executive,Sales,London,{ANNA}",
]
FIRST_DAY = datetime(2026, 10, 15, 9, tzinfo=UTC)
SECOND_DAY = datetime(2026, 11, 16, 9, tzinfo=UTC)


@pytest.fixture
def pinned() -> Iterator[None]:
    """The clock pinned in UTC (each test moves it on with ``clock.set_now``)."""
    clock.set_zone(UTC)
    clock.set_now(FIRST_DAY)
    yield
    clock.set_now(None)
    clock.set_zone(None)


def write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    return path


def import_both(store, tmp_path: Path) -> None:
    """The first file on 15 Oct, the second on 16 Nov."""
    clock.set_now(FIRST_DAY)
    assert import_roster(store, write(tmp_path, "first.csv", FIRST)).applied
    clock.set_now(SECOND_DAY)
    assert import_roster(store, write(tmp_path, "second.csv", SECOND)).applied


def day(text: str) -> date:
    return date.fromisoformat(text)


#: Engagement results: Anna's team fell 80% -> 70%; Boris's team had 4 respondents in Q4.
ENGAGEMENT = [
    ["Manager Email", "Period", "Favourable %", "Respondents", "Invited", "Question"],
    [ANNA, "2026-Q3", 80, 8, 10, ""],
    [ANNA, "2026-Q4", 70, 9, 10, ""],
    [ANNA, "2026-Q4", 55, 9, 10, "I see myself here in two years"],
    [BORIS, "2026-Q3", 66, 6, 6, ""],
    [BORIS, "Q4 2026", 93, 4, 6, ""],
    [BORIS, "2026-Q4", 91, 4, 6, "I know what is expected of me"],
    ["nobody@acme.example", "2026-Q4", 50, 7, 9, ""],
]
#: Scores only a group under the floor has: they must never be shown.
HIDDEN_SCORE = "93"
HIDDEN_QUESTION_SCORE = "91"


def engagement_csv(tmp_path: Path) -> Path:
    path = tmp_path / "engagement.csv"
    path.write_text("\n".join(",".join(str(c) for c in row) for row in ENGAGEMENT) + "\n", "utf-8")
    return path
