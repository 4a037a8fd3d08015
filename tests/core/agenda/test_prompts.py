"""The prompt library: every shipped prompt passes the linter; user additions persist."""

from __future__ import annotations

import pytest

from partnerdesk.core.agenda import read_agenda_file
from partnerdesk.core.linter import default_linter
from partnerdesk.core.prompts import PromptLibrary, PromptLibraryError
from partnerdesk.paths import resource_path

TOPICS = {
    "performance",
    "engagement",
    "flight_risk",
    "training",
    "headcount",
    "org_change",
    "onboarding",
    "all_hands",
    "wins",
}
SHIPPED = [(t.id, p) for t, p in PromptLibrary.load().all_prompts()]


def test_library_covers_every_topic():
    library = PromptLibrary.load()
    assert {t.id for t in library.topics} == TOPICS
    assert all(len(t.prompts) >= 4 for t in library.topics)


@pytest.mark.parametrize(("topic", "prompt"), SHIPPED)
def test_every_shipped_prompt_passes_the_linter(topic, prompt):
    assert default_linter().lint(prompt) == [], f"{topic}: {prompt}"


@pytest.mark.parametrize("name", ["2026-05.toml", "template.toml"])
def test_shipped_agendas_pass_the_linter(name):
    doc = read_agenda_file(resource_path("agendas", name), month="2026-05")
    texts = [t for item in doc.items for t in (item.text, *item.prompts)]
    assert texts
    assert [t for t in texts if default_linter().lint(t)] == []


def test_user_prompts_are_kept_in_the_profile(profile_paths):
    library = PromptLibrary.load(profile_paths.prompts_file)
    library.add("wins", "  Which customer  praised your team this month?")
    library.add("field_trips", "Which site visit would teach your team the most?")
    again = PromptLibrary.load(profile_paths.prompts_file)
    assert "Which customer praised your team this month?" in again.topic("wins").all_prompts
    assert again.topic("field_trips").all_prompts == [
        "Which site visit would teach your team the most?"
    ]
    assert again.topic("field_trips").title == "Field Trips"
    # the shipped prompts are still there, and come first
    assert again.topic("wins").all_prompts[0] == PromptLibrary.load().topic("wins").prompts[0]


def test_user_prompt_must_pass_the_linter(profile_paths):
    library = PromptLibrary.load(profile_paths.prompts_file)
    with pytest.raises(PromptLibraryError, match="What worked and what didn't about the offsite"):
        library.add("engagement", "Did you like the offsite?")
    with pytest.raises(PromptLibraryError, match="empty"):
        library.add("engagement", "   ")
    assert not profile_paths.prompts_file.exists()


def test_malformed_user_file_gives_a_clear_message(profile_paths):
    profile_paths.prompts_file.write_text("[[topics]]\nid = 3\n", encoding="utf-8")
    with pytest.raises(PromptLibraryError, match="needs an 'id'"):
        PromptLibrary.load(profile_paths.prompts_file)
    profile_paths.prompts_file.write_text("topics = [", encoding="utf-8")
    with pytest.raises(PromptLibraryError, match="not valid TOML"):
        PromptLibrary.load(profile_paths.prompts_file)
