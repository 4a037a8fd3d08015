"""Match a manager written by name to the one person it means.

"Jones, Gabriel A.", "gabriel jones" and "Gabriel Alan Jones" name the same person:
names are compared without case, accents and punctuation, "Last, First" is turned
around, and middle names and initials are tried with and without. When a name fits
several people, the match is ambiguous and the candidates are reported, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Generic, TypeVar

from partnerdesk.core.roster.vocabulary import header_key

T = TypeVar("T")


def name_tokens(name: str) -> list[str]:
    """Comparable words of a name, first name first: "Jones, Gabriel A." -> gabriel a jones."""
    last, comma, first = name.partition(",")
    if comma and first.strip():
        name = f"{first} {last}"
    return [t for t in (header_key(word) for word in name.split()) if t]


def exact_key(name: str) -> str:
    """Every word of the name but initials."""
    return " ".join(t for t in name_tokens(name) if len(t) > 1)


def loose_key(name: str) -> str:
    """First and last word of the name: middle names and initials left out."""
    tokens = [t for t in name_tokens(name) if len(t) > 1]
    return f"{tokens[0]} {tokens[-1]}" if len(tokens) > 1 else "".join(tokens)


class NameIndex(Generic[T]):
    """People by name: an exact match first, then first-and-last-name only."""

    def __init__(self) -> None:
        self.exact: dict[str, list[T]] = defaultdict(list)
        self.loose: dict[str, list[T]] = defaultdict(list)

    def add(self, item: T, *names: str) -> None:
        """Index ``item`` under each of its names (display name, legal and preferred)."""
        for index, keys in ((self.exact, {exact_key(n) for n in names}),
                            (self.loose, {loose_key(n) for n in names})):  # fmt: skip
            for key in keys:
                if key and item not in index[key]:
                    index[key].append(item)

    def find(self, name: str) -> list[T]:
        """Everyone the name could mean: one person, several (ambiguous) or nobody.

        Last, a name written surname first without a comma ("Sato Kenji") is tried.
        """
        words = name.split()
        turned = " ".join(words[::-1]) if "," not in name else ""
        tries = ((self.exact, exact_key(name)), (self.loose, loose_key(name)),
                 (self.loose, loose_key(turned)))  # fmt: skip
        for index, key in tries:
            found = index.get(key) if key else None
            if found:
                return found
        return []
