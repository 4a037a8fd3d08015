"""Small helpers for the words the app prints: counts with the right plural."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """``count`` and ``word`` in the matching number: "1 manager", "3 managers", "2 people"."""
    return f"{count} {word if count == 1 else words or word + 's'}"
