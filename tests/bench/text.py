"""Realistic words for generated notes, follow-ups and signals (seeded, so runs repeat)."""

from __future__ import annotations

import random

from partnerdesk.core.clock import MONTH_NAMES

FIRST = [
    "Alex",
    "Priya",
    "Sam",
    "Jordan",
    "Maria",
    "Chen",
    "Olu",
    "Fatima",
    "Lars",
    "Aiko",
    "Diego",
    "Nina",
    "Omar",
    "Grace",
    "Tomas",
    "Ines",
    "Ravi",
    "Leah",
    "Kwame",
    "Sofia",
    "Mateo",
    "Hana",
    "Ivan",
    "Zoe",
    "Arjun",
    "Elena",
    "Felix",
    "Amara",
    "Noah",
    "Yuki",
    "Carlos",
    "Mina",
]
LAST = [
    "Smith",
    "Patel",
    "Garcia",
    "Kim",
    "Nguyen",
    "Okafor",
    "Rossi",
    "Müller",
    "Tanaka",
    "Silva",
    "Cohen",
    "Novak",
    "Haddad",
    "Larsen",
    "Moreau",
    "Singh",
    "Brown",
    "Ivanova",
    "Mensah",
    "Costa",
    "Park",
    "Fischer",
    "Dubois",
    "Walsh",
    "Ahmed",
    "Kowalski",
]
PROJECTS = [
    "Atlas",
    "Beacon",
    "Comet",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Ion",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orion",
    "Pioneer",
    "Quartz",
    "Relay",
    "Summit",
    "Tundra",
]
TOPICS = [
    "onboarding",
    "promotion",
    "calibration",
    "headcount",
    "backfill",
    "relocation",
    "burnout",
    "workload",
    "hiring",
    "retention",
    "compensation",
    "equity",
    "bonus",
    "training",
    "mentoring",
    "coaching",
    "feedback",
    "reorg",
    "roadmap",
    "deadlines",
    "on-call",
    "escalation",
    "morale",
    "recognition",
    "offsite",
    "budget",
    "attrition",
    "performance",
    "succession",
    "leadership",
    "communication",
    "hybrid-work",
    "wellbeing",
]
TAGS = [
    "workload",
    "hiring",
    "retention",
    "promotion",
    "training",
    "morale",
    "burnout",
    "onboarding",
    "comp",
    "reorg",
    "on-call",
    "feedback",
    "recognition",
    "headcount",
    "performance",
]
FEELINGS = [
    "optimistic",
    "worried",
    "stretched",
    "confident",
    "frustrated",
    "energised",
    "cautious",
    "relieved",
    "uncertain",
    "proud",
    "tired",
    "motivated",
]

OPENERS = (
    "{name} says the team is {feeling} about {topic} this month.",
    "Discussed {topic} for {project}; {name} wants a decision before {month}.",
    "The {project} launch slipped two weeks, mostly {topic} related.",
    "{name} raised {topic} again — third time this quarter.",
    "Team of {n} is {feeling}; {topic} is the main theme in their skip-levels.",
    "Manager walked through the {project} plan and the {topic} risks behind it.",
    "Good news: {name} closed the {topic} gap flagged last time.",
    "Asked how the new {topic} process is landing; answer was '{feeling}, mostly'.",
)
MIDDLES = (
    "Two people asked about {topic} in their one-on-ones and {name} did not have a clear answer.",
    "We agreed to revisit {topic} once the {project} milestone is behind them.",
    "{name} would like help framing the {topic} conversation with the wider team.",
    "Workload looks uneven: {n} open tickets on {name}'s side alone.",
    "There is a pattern here with {topic} across the last {n} meetings.",
    "Budget for {topic} is approved for Q{q}, spend has not started.",
    "{name} mentioned a competing offer in passing; no details yet.",
    "The {project} team wants clearer criteria for {topic} before the next cycle.",
    "Skip-level feedback: people value the {topic} sessions but want them shorter.",
    "Hiring for the {project} backfill is at final round with {n} candidates.",
    "Manager feels {feeling} about the reorg and asked for the FAQ draft.",
    "Need to check whether the {topic} policy applies to contractors in {city}.",
)
CLOSERS = (
    "Follow up next month.",
    "I will send the {topic} guide by Friday.",
    "No action needed for now; keep an eye on it.",
    "Escalate to the VP if nothing moves by {month}.",
    "{name} will draft the plan and share it with me.",
    "Parking this until after calibration.",
)
CITIES = [
    "London",
    "Berlin",
    "Singapore",
    "Sydney",
    "Boston",
    "Denver",
    "Dublin",
    "Bangalore",
    "Seattle",
    "Austin",
]
MONTHS = MONTH_NAMES[:11]  # the agenda months the generated notes mention


class Words:
    """Builds note-like text from templates filled with seeded random words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            name=r.choice(FIRST),
            topic=r.choice(TOPICS),
            project=r.choice(PROJECTS),
            feeling=r.choice(FEELINGS),
            month=r.choice(MONTHS),
            city=r.choice(CITIES),
            n=r.randint(2, 14),
            q=r.randint(1, 4),
        )

    def note(self, tags: list[str]) -> str:
        """A note body of 1-8 sentences (about 80-900 characters), with its ``#tags``."""
        r = self.rng
        parts = [self._fill(r.choice(OPENERS))]
        parts += [self._fill(r.choice(MIDDLES)) for _ in range(r.choice((0, 1, 1, 2, 3, 4, 6)))]
        if r.random() < 0.6:
            parts.append(self._fill(r.choice(CLOSERS)))
        if tags:
            parts.append(" ".join(f"#{tag}" for tag in tags))
        return " ".join(parts)

    def tags(self) -> list[str]:
        """None, one or two tags (about a third of notes carry tags)."""
        r = self.rng.random()
        if r < 0.66:
            return []
        return self.rng.sample(TAGS, 1 if r < 0.9 else 2)

    def task(self) -> str:
        """A follow-up task."""
        return self._fill(self.rng.choice(CLOSERS[:2] + CLOSERS[4:5] + MIDDLES[2:3]))

    def signal(self) -> str:
        """A signal summary."""
        return self._fill(self.rng.choice(MIDDLES))
