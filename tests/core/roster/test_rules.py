"""Tier rules from job titles (editable TOML) and country -> region rules."""

from __future__ import annotations

import pytest

from partnerdesk.core.roster.errors import RosterError
from partnerdesk.core.roster.rules import RegionRules, TierRules


@pytest.mark.parametrize(
    ("title", "tier"),
    [
        ("Chief Executive Officer", "Executive"),
        ("CFO", "Executive"),
        ("Co-Founder & President", "Executive"),
        ("VP Sales", "VP"),
        ("SVP, Engineering", "VP"),
        ("Senior Vice President Marketing", "VP"),
        ("Vice-President Finance", "VP"),
        ("Senior Director, Customer Success", "Senior Director"),
        ("Sr. Director of Product", "Senior Director"),
        ("Director of Sales, EMEA", "Director"),
        ("Head of People", "Director"),
        ("Chief of Staff", "Director"),
        ("Senior Engineering Manager", "Senior Manager"),
        ("Sr Manager, Sales Ops", "Senior Manager"),
        ("Engineering Manager", "Manager"),
        ("Team Lead", "Manager"),
        ("Account Executive", "Manager"),
        ("", "Manager"),
    ],
)
def test_default_tiers(title, tier):
    assert TierRules.load().tier_for(title) == tier


def test_seniority():
    rules = TierRules.load()
    assert rules.is_senior("VP") and rules.is_senior("Senior Director")
    assert not rules.is_senior("Director")
    assert rules.rank("Executive") < rules.rank("Manager") < rules.rank("Unknown")


def test_profile_copy_overrides_the_shipped_rules(tmp_path):
    (tmp_path / "tiers.toml").write_text(
        'order = ["Leader", "Lead"]\nsenior_from = "Leader"\n'
        "[[rule]]\npattern = 'boss'\ntier = \"Leader\"\n",
        encoding="utf-8",
    )
    rules = TierRules.load(tmp_path)
    assert rules.tier_for("Big Boss") == "Leader"
    assert rules.tier_for("VP Sales") == "Lead"


def test_broken_rules_file_gives_a_clear_message(tmp_path):
    (tmp_path / "tiers.toml").write_text("order = [", encoding="utf-8")
    with pytest.raises(RosterError, match="not valid TOML"):
        TierRules.load(tmp_path)


def test_rules_naming_an_unknown_tier_are_refused(tmp_path):
    (tmp_path / "tiers.toml").write_text(
        'order = ["A"]\n[[rule]]\npattern = "x"\ntier = "B"\n', encoding="utf-8"
    )
    with pytest.raises(RosterError, match="missing from `order`: B"):
        TierRules.load(tmp_path)


def test_regions_from_country_or_location():
    regions = RegionRules.load()
    assert regions.region_for("Germany") == "EMEA"
    assert regions.region_for("", "Austin, USA") == "North America"
    assert regions.region_for("", "Singapore") == "APAC"
    assert regions.region_for("Atlantis") == ""
