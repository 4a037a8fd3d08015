"""How hard a passphrase is to guess: zxcvbn's estimate, in words a person understands.

The key file can be copied and attacked offline, so a weak passphrase is refused when a
profile is created and when its passphrase is changed. zxcvbn scores 0 (guessed at once)
to 4 (very hard); a score below :data:`MIN_SCORE` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

#: zxcvbn's "safely unguessable" level: the lowest score accepted.
MIN_SCORE = 3
#: zxcvbn judges at most this many characters (it refuses longer input, which it would
#: take long to analyse); a longer passphrase is judged by its start.
_LOOKED_AT = 72
LABELS = ("very weak", "weak", "not strong enough", "strong", "very strong")


@dataclass(frozen=True)
class Strength:
    """zxcvbn's verdict on one passphrase."""

    score: int
    guess_time: str
    advice: str

    @property
    def ok(self) -> bool:
        return self.score >= MIN_SCORE

    @property
    def label(self) -> str:
        return LABELS[self.score]

    def describe(self) -> str:
        """One sentence: how strong, how long an offline attacker would need, what helps."""
        text = (
            f"{self.label.capitalize()}: with a copy of the key file, it could be guessed "
            f"in {self.guess_time}."
        )
        return f"{text} {self.advice}".strip()


def estimate(passphrase: str) -> Strength:
    """The strength of ``passphrase`` (empty is very weak)."""
    if not passphrase:
        return Strength(0, "no time", "Type a passphrase: several uncommon words work well.")
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:_LOOKED_AT])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    hints = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    advice = next((hint for hint in hints if hint), "") if score < MIN_SCORE else ""
    guess = str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"])
    return Strength(score, guess, advice)
