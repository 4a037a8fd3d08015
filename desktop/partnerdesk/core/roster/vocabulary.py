"""The words of HRIS exports: header synonyms per language and vendor, status values, tokens.

The data lives in ``resources/roster/vocabularies.toml``; this module loads it once and
answers the questions the reader asks: which field a header names, which vendor's
shape a set of headers looks like, what employment status a cell means, and whether a
manager cell means "reports to nobody". Headers and values are compared by their
:func:`header_key`: lower case, accents off, no spaces or punctuation, so camelCase,
joined words ("FIRSTNAME") and punctuation variants meet.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from partnerdesk.core.roster.errors import RosterError
from partnerdesk.paths import resource_path

ACTIVE, LEAVE, TERMINATED = "active", "leave", "terminated"
STATUSES = (ACTIVE, LEAVE, TERMINATED)
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "nl": "Dutch"}
#: How many signature headers a file needs before it is said to look like a vendor's.
MIN_SIGNATURE = 3
_NOT_KEY = re.compile(r"[^0-9a-z#]+")
_WORDS = re.compile(r"[^\W_]+")
#: Status codes that decide a cell of their own, never a first word ("T - Temporary").
_CODES = frozenset({"a", "t", "i", "l", "0", "1", "yes", "no", "true", "false"})


def header_key(text: str) -> str:
    """The comparable form of a header or value: ``"Vorgesetzte:r"`` -> ``"vorgesetzter"``."""
    if text.isascii():
        return _NOT_KEY.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NOT_KEY.sub("", text.replace("ß", "ss"))


@dataclass(frozen=True)
class Vendor:
    """One HRIS's export shape: its name, where the shape comes from, its telltale headers."""

    key: str
    name: str
    source: str
    signature: frozenset[str]
    columns: dict[str, str]  # header key -> field, preferred over the generic ranking


@dataclass(frozen=True)
class Vocabulary:
    """Every known header (-> field, rank, language), vendor, status word and no-manager token."""

    headers: dict[str, tuple[str, int, str]]
    fields: tuple[str, ...]
    vendors: tuple[Vendor, ...]
    statuses: dict[str, str]
    no_manager: frozenset[str]

    def field_of(self, header: str) -> tuple[str, int] | None:
        """(field, rank) of a header, or None; a lower rank is a better match."""
        found = self.headers.get(header_key(header))
        return (found[0], found[1]) if found else None

    def status_of(self, value: str) -> str | None:
        """``active``, ``leave`` or ``terminated`` for a status cell, None when unknown."""
        return self.statuses.get(header_key(value))

    def status_by_words(self, value: str) -> str | None:
        """The status the longest known run of a cell's first words names, or None.

        "Terminated - Voluntary", "On Leave (Maternity)" and "Active Full-Time" say it in
        their first words; a code before them ("T - Terminated") is passed over, and a
        later "Terminated" outweighs a working pattern ("Full Time - Terminated").
        """
        words = [header_key(word) for word in _WORDS.findall(value)]
        found = self._first_words(words, whole=False)
        if found is None and words and words[0] in _CODES:  # "T - Temporary", "I-9 Pending"
            found = self._first_words(words[1:], whole=True)
        if found == "active" and any(self.statuses.get(w) == "terminated" for w in words[1:]):
            return "terminated"  # "Full Time - Terminated", "Part Time (Terminated)"
        return found

    def _first_words(self, words: list[str], whole: bool) -> str | None:
        """The status of the longest run of ``words``' first words (all of them if
        ``whole``); a one-letter or yes/no code decides only a cell of its own."""
        for count in range(len(words) - (not whole), 0, -1):
            if count == 1 and words[0] in _CODES:
                continue
            found = self.statuses.get("".join(words[:count]))
            if found is not None:
                return found
        return None

    def means_no_manager(self, value: str) -> bool:
        """True for cells like ``NO_MGR`` or ``none`` that say "reports to nobody"."""
        return header_key(value) in self.no_manager

    def vendor_of(self, headers: list[str]) -> Vendor | None:
        """The vendor whose telltale headers the file has most of (at least three)."""
        keys = {header_key(h) for h in headers}
        best: tuple[int, float, Vendor] | None = None
        for vendor in self.vendors:
            hits = len(vendor.signature & keys)
            score = (hits, hits / len(vendor.signature), vendor)
            if hits >= MIN_SIGNATURE and (best is None or score[:2] > best[:2]):
                best = score
        return best[2] if best else None

    def language_of(self, headers: list[str]) -> str | None:
        """The language most of the recognised headers are in when it is not English, e.g.
        ``"German"`` (one "Vorname" among English headers does not make a German file)."""
        counts: dict[str, int] = {}
        for header in headers:
            found = self.headers.get(header_key(header))
            if found and found[2]:
                counts[found[2]] = counts.get(found[2], 0) + 1
        english = counts.pop("en", 0)
        if not counts or max(counts.values()) <= english:
            return None
        return LANGUAGE_NAMES.get(max(counts, key=lambda k: counts[k]))


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RosterError(f"The roster vocabulary {where} must be a list of strings.")
    return value


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (loaded once)."""
    path = resource_path("roster", "vocabularies.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RosterError(f"The roster vocabulary {path} cannot be read ({exc}).") from None
    headers: dict[str, tuple[str, int, str]] = {}
    ranks: dict[str, int] = {}
    fields: list[str] = []

    def add(header: str, field: str, language: str) -> None:
        if field not in fields:
            fields.append(field)
        key = header_key(header)
        if key and key not in headers:
            headers[key] = (field, ranks.get(field, 0), language)
            ranks[field] = ranks.get(field, 0) + 1

    for language, table in raw.get("fields", {}).items():
        for field, synonyms in table.items():
            for synonym in _strings(synonyms, f"[fields.{language}] {field}"):
                add(synonym, field, language)
    vendors = []
    for key, spec in raw.get("vendor", {}).items():
        for header, field in spec.get("columns", {}).items():
            if field not in fields:
                raise RosterError(f"[vendor.{key}.columns] {header!r}: {field!r} is not a field.")
            add(header, field, "")
        signature = frozenset(header_key(h) for h in _strings(spec.get("signature"), key))
        columns = {header_key(h): f for h, f in spec.get("columns", {}).items()}
        vendors.append(
            Vendor(key, str(spec["name"]), str(spec.get("source", "")), signature, columns)
        )
    statuses = {
        header_key(word): status
        for status in STATUSES
        for word in _strings(raw.get("status", {}).get(status, []), f"[status] {status}")
    }
    tokens = frozenset(
        header_key(t) for t in _strings(raw.get("no_manager", {}).get("tokens", []), "tokens")
    )
    return Vocabulary(headers, tuple(fields), tuple(vendors), statuses, tokens)
