"""The prompt library: action-oriented questions by topic, shipped plus the user's own.

The shipped library is ``resources/prompts/library.toml``; a rep's additions live in the
profile's ``prompts.toml`` (same shape) and survive app updates. A prompt added by the
user must pass the question linter, so the library stays action-oriented.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.linter import Linter, default_linter
from partnerdesk.core.tomltext import toml_string, toml_string_array
from partnerdesk.paths import resource_path


class PromptLibraryError(ValueError):
    """A prompt file cannot be read or a prompt cannot be added; the message says why."""


@dataclass
class Topic:
    """One topic of the library with its prompts (shipped first, then the user's)."""

    id: str
    title: str
    prompts: list[str] = field(default_factory=list)
    user_prompts: list[str] = field(default_factory=list)

    @property
    def all_prompts(self) -> list[str]:
        return self.prompts + [p for p in self.user_prompts if p not in self.prompts]


def _read_topics(path: Path) -> list[dict]:
    from partnerdesk.core.files import InputFileError, read_toml

    try:
        raw = read_toml(path, 1 << 20, "prompt library")
    except InputFileError as exc:
        raise PromptLibraryError(f"Cannot read {path}: {exc}") from None
    except OSError as exc:
        raise PromptLibraryError(f"Cannot read {path}: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptLibraryError(f"{path} is not valid TOML ({exc}); fix that line.") from None
    topics = raw.get("topics", [])
    if not isinstance(topics, list):
        raise PromptLibraryError(f"{path}: 'topics' must be a list of [[topics]] blocks.")
    for number, entry in enumerate(topics, 1):
        prompts = entry.get("prompts", []) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("id"), str)
            or not isinstance(prompts, list)
            or not all(isinstance(p, str) for p in prompts)
        ):
            raise PromptLibraryError(
                f"{path}: topic {number} needs an 'id' and a 'prompts' list of texts."
            )
    return topics


class PromptLibrary:
    """The merged library; topics in the shipped order, user-only topics after them."""

    def __init__(self, topics: list[Topic], user_file: Path | None = None) -> None:
        self.topics = topics
        self.user_file = user_file

    @classmethod
    def load(cls, user_file: Path | None = None) -> PromptLibrary:
        """Shipped prompts plus the user's file (a missing user file is simply empty)."""
        topics = [
            Topic(t["id"], t.get("title", t["id"]), list(t["prompts"]))
            for t in _read_topics(resource_path("prompts", "library.toml"))
        ]
        library = cls(topics, user_file)
        if user_file is not None and user_file.exists():
            for entry in _read_topics(user_file):
                topic = library.topic(entry["id"]) or library._new_topic(entry)
                topic.user_prompts.extend(entry["prompts"])
        return library

    def _new_topic(self, entry: dict) -> Topic:
        topic = Topic(entry["id"], entry.get("title") or entry["id"].replace("_", " ").title())
        self.topics.append(topic)
        return topic

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def all_prompts(self) -> list[tuple[Topic, str]]:
        """Every (topic, prompt) pair in display order."""
        return [(topic, prompt) for topic in self.topics for prompt in topic.all_prompts]

    def add(self, topic_id: str, text: str, linter: Linter | None = None) -> None:
        """Add a user prompt to a topic and save the user file; refuses opinion questions."""
        if self.user_file is None:
            raise PromptLibraryError("This library has no user file to save into.")
        text = " ".join(text.split())
        if not text:
            raise PromptLibraryError("The prompt is empty; type a question first.")
        findings = (linter or default_linter()).lint(text)
        if findings:
            first = findings[0]
            hint = f' Try: "{first.suggestion}"' if first.suggestion else ""
            raise PromptLibraryError(f"{first.explanation}{hint}")
        topic = self.topic(topic_id) or self._new_topic({"id": topic_id})
        if text in topic.all_prompts:
            return
        topic.user_prompts.append(text)
        self._save_user_file()

    def _save_user_file(self) -> None:
        lines = ["# Your own prompts for Partner Desk (same shape as the shipped library).", ""]
        for topic in self.topics:
            if not topic.user_prompts:
                continue
            lines += [
                "[[topics]]",
                f"id = {toml_string(topic.id)}",
                f"title = {toml_string(topic.title)}",
                f"prompts = {toml_string_array(topic.user_prompts)}",
                "",
            ]
        assert self.user_file is not None
        atomic_write_bytes(self.user_file, "\n".join(lines).encode("utf-8"))
