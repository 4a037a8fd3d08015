"""Question linter: flags opinion-collecting and yes/no questions and suggests rewrites.

The seed's advice: keep the sessions action-oriented, not about collecting opinions.
"Did you like the most recent All-hands?" becomes "What worked and what didn't about
the most recent All-hands?". The rules live in ``resources/rules/linter.toml``; each
finding carries the rule's explanation and ready-to-use rewrites.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter

from partnerdesk.paths import resource_path

#: A clause: text between sentence ends, dashes, semicolons and line breaks.
_CLAUSE = re.compile(r"[^.?!;\n—–]+(?:[.?!]+|$)?", re.MULTILINE)
_DASH_SPLIT = re.compile(r"\s+-\s+")
_LEAD = re.compile(r"^[\s\-*•·>#\d.)]*")
_OBJECT_FORMS = {"we": "us", "they": "them", "i": "me"}
_LOWERED_GROUPS = ("aux", "subject", "verb", "noun")


class LinterRulesError(ValueError):
    """The linter rules file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Rule:
    """One linter rule: a pattern, whether it allows or flags, and what to suggest."""

    id: str
    pattern: re.Pattern[str]
    explain: str = ""
    rewrites: tuple[str, ...] = ()
    allow: bool = False
    question_only: bool = False


@dataclass(frozen=True)
class Finding:
    """One opinion-collecting or yes/no question found in a text."""

    rule_id: str
    start: int
    end: int
    excerpt: str
    explanation: str
    rewrites: tuple[str, ...]

    @property
    def suggestion(self) -> str:
        """The first suggested rewrite ("" when the rule has none that fits)."""
        return self.rewrites[0] if self.rewrites else ""


def _fields(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in Formatter().parse(template) if name}


def parse_rules(raw: dict) -> list[Rule]:
    """Build rules from the parsed TOML document, checking every field."""
    subjects = raw.get("subjects", [])
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        raise LinterRulesError('\'subjects\' must be a list of words, e.g. ["you", "we"].')
    subject_re = "|".join(r"\s+".join(map(re.escape, s.split())) for s in subjects) or "you"
    entries = raw.get("rules")
    if not isinstance(entries, list) or not entries:
        raise LinterRulesError("The file has no [[rules]] entries.")
    rules: list[Rule] = []
    for number, entry in enumerate(entries, 1):
        where = f"rule {number} ({entry.get('id', 'no id')})"
        if not isinstance(entry.get("id"), str) or not isinstance(entry.get("pattern"), str):
            raise LinterRulesError(f"{where}: every rule needs an 'id' and a 'pattern'.")
        source = entry["pattern"].replace("SUBJECT", f"(?:{subject_re})")
        try:
            pattern = re.compile(source, re.IGNORECASE)
        except re.error as exc:
            raise LinterRulesError(
                f"{where}: the pattern is not a valid expression ({exc})."
            ) from None
        rewrites = entry.get("rewrites", [])
        if not isinstance(rewrites, list) or not all(isinstance(r, str) for r in rewrites):
            raise LinterRulesError(f"{where}: 'rewrites' must be a list of texts.")
        known = set(pattern.groupindex) | ({"object"} if "subject" in pattern.groupindex else set())
        for template in rewrites:
            unknown = _fields(template) - known
            if unknown:
                raise LinterRulesError(
                    f"{where}: the rewrite {template!r} uses {{{', '.join(sorted(unknown))}}}, "
                    "which the pattern does not capture."
                )
        allow = bool(entry.get("allow", False))
        if not allow and not entry.get("explain"):
            raise LinterRulesError(f"{where}: a rule that flags needs an 'explain' text.")
        rules.append(
            Rule(
                id=entry["id"],
                pattern=pattern,
                explain=str(entry.get("explain", "")),
                rewrites=tuple(rewrites),
                allow=allow,
                question_only=bool(entry.get("question_only", False)),
            )
        )
    return rules


def load_rules(path: Path) -> list[Rule]:
    """Read and check a rules file; raises :class:`LinterRulesError` with a clear message."""
    from partnerdesk.core.files import InputFileError, read_toml

    try:
        raw = read_toml(path, 1 << 20, "linter rules file")
    except InputFileError as exc:
        raise LinterRulesError(f"Cannot read {path}: {exc}") from None
    except OSError as exc:
        raise LinterRulesError(f"Cannot read the linter rules {path}: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise LinterRulesError(f"{path} is not valid TOML ({exc}); fix that line.") from None
    try:
        return parse_rules(raw)
    except LinterRulesError as exc:
        raise LinterRulesError(f"{path}: {exc}") from None


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    """(offset, clause) pairs; a spaced hyphen also separates clauses."""
    for match in _CLAUSE.finditer(text):
        start = match.start()
        for part in _split_keep_offsets(match.group(), _DASH_SPLIT):
            offset, chunk = part
            lead = _LEAD.match(chunk).end()
            body = chunk[lead:].rstrip()
            if body:
                yield start + offset + lead, body


def _split_keep_offsets(text: str, sep: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    pos = 0
    for match in sep.finditer(text):
        yield pos, text[pos : match.start()]
        pos = match.end()
    yield pos, text[pos:]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, groups: dict[str, str]) -> str | None:
    needed = _fields(template)
    if any(not groups.get(name) for name in needed):
        return None
    return _capitalise(template.format(**{name: groups[name] for name in needed}))


class Linter:
    """Applies an ordered list of rules to texts."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)

    @classmethod
    def from_file(cls, path: Path) -> Linter:
        return cls(load_rules(path))

    def lint(self, text: str) -> list[Finding]:
        """Every finding in ``text``, in reading order."""
        findings: list[Finding] = []
        for offset, clause in _clauses(text):
            is_question = clause.endswith("?")
            core = clause.rstrip("?.! ").strip()
            for rule in self.rules:
                if rule.question_only and not is_question:
                    continue
                match = rule.pattern.match(core)
                if match is None:
                    continue
                if not rule.allow:
                    findings.append(self._finding(rule, match, offset, clause))
                break
        return findings

    def is_clean(self, text: str) -> bool:
        return not self.lint(text)

    @staticmethod
    def _finding(rule: Rule, match: re.Match[str], offset: int, clause: str) -> Finding:
        groups = {k: (v or "").strip() for k, v in match.groupdict().items()}
        for name in _LOWERED_GROUPS:
            if groups.get(name):
                groups[name] = groups[name].lower()
        if groups.get("subject"):
            groups["object"] = _OBJECT_FORMS.get(groups["subject"], groups["subject"])
        rewrites = tuple(
            text for text in (_fill(t, groups) for t in rule.rewrites) if text is not None
        )
        return Finding(
            rule_id=rule.id,
            start=offset,
            end=offset + len(clause),
            excerpt=clause,
            explanation=rule.explain,
            rewrites=rewrites,
        )


def apply_rewrite(text: str, finding: Finding, rewrite: str | None = None) -> str:
    """``text`` with the finding's clause replaced by ``rewrite`` (default: the suggestion)."""
    replacement = finding.suggestion if rewrite is None else rewrite
    return text[: finding.start] + replacement + text[finding.end :]


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    """The linter built from the shipped rules (read once per process)."""
    return Linter.from_file(resource_path("rules", "linter.toml"))
