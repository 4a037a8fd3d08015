"""Editable rules: job title -> tier, and country -> region.

The defaults ship in ``resources/rules/tiers.toml`` and ``resources/rules/regions.toml``.
A profile can carry its own copy (``<profile>/tiers.toml``, ``<profile>/regions.toml``)
that replaces the shipped one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from partnerdesk.core.roster.errors import RosterError
from partnerdesk.paths import resource_path

TIERS_FILE = "tiers.toml"
REGIONS_FILE = "regions.toml"


def _rules_file(name: str, profile_root: Path | None) -> Path:
    if profile_root is not None and (profile_root / name).is_file():
        return profile_root / name
    return resource_path("rules", name)


def _load_toml(path: Path) -> dict:
    from partnerdesk.core.files import read_toml

    try:
        return read_toml(path, 1 << 20, "rules file")
    except OSError as exc:
        raise RosterError(f"Cannot read the rules file {path}: {exc.strerror or exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise RosterError(f"The rules file {path} is not valid TOML ({exc}); fix it.") from None


@dataclass(frozen=True)
class TierRules:
    """Ordered title patterns that give a tier, and the seniority order of tiers."""

    order: tuple[str, ...]
    rules: tuple[tuple[re.Pattern[str], str], ...]
    senior_from: str
    top: str
    default: str

    @classmethod
    def load(cls, profile_root: Path | None = None) -> TierRules:
        """The profile's own tier rules when it has them, else the shipped defaults."""
        path = _rules_file(TIERS_FILE, profile_root)
        raw = _load_toml(path)
        try:
            order = tuple(str(t) for t in raw["order"])
            rules = tuple(
                (re.compile(str(rule["pattern"]), re.IGNORECASE), str(rule["tier"]))
                for rule in raw.get("rule", [])
            )
            made = cls(
                order=order,
                rules=rules,
                senior_from=str(raw.get("senior_from", order[0])),
                top=str(raw.get("top", order[0])),
                default=str(raw.get("default", order[-1])),
            )
        except (KeyError, TypeError, IndexError, re.error) as exc:
            raise RosterError(
                f"The tier rules in {path} are incomplete or wrong ({exc})."
            ) from None
        unknown = {t for _p, t in made.rules} | {made.senior_from, made.top, made.default}
        unknown -= set(order)
        if unknown:
            raise RosterError(
                f"The tier rules in {path} name tiers missing from `order`: "
                f"{', '.join(sorted(unknown))}."
            )
        return made

    def tier_for(self, title: str) -> str:
        """The tier of a job title: the first matching rule, else the default tier."""
        for pattern, tier in self.rules:
            if pattern.search(title):
                return tier
        return self.default

    def rank(self, tier: str) -> int:
        """0 for the most senior tier; unknown tiers rank below every known one."""
        try:
            return self.order.index(tier)
        except ValueError:
            return len(self.order)

    def is_senior(self, tier: str) -> bool:
        """True for ``senior_from`` and every tier above it."""
        return self.rank(tier) <= self.rank(self.senior_from)


@dataclass(frozen=True)
class RegionRules:
    """Country (or location suffix) -> region lookup."""

    by_country: dict[str, str]

    @classmethod
    def load(cls, profile_root: Path | None = None) -> RegionRules:
        path = _rules_file(REGIONS_FILE, profile_root)
        raw = _load_toml(path).get("regions", {})
        if not isinstance(raw, dict):
            raise RosterError(f"{path} needs a [regions] table of region = [countries].")
        return cls(
            {
                str(country).strip().lower(): str(region)
                for region, countries in raw.items()
                for country in countries
            }
        )

    def region_for(self, country: str, location: str = "") -> str:
        """The region of a country, or of the last comma-separated part of a location."""
        for candidate in (country, location.rpartition(",")[2], location):
            region = self.by_country.get(candidate.strip().lower())
            if region:
                return region
        return ""
