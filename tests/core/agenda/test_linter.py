"""The question linter: a table of phrasings it must flag (with rewrites) and must not flag."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerdesk.core.linter import (
    Linter,
    LinterRulesError,
    apply_rewrite,
    default_linter,
    load_rules,
)

#: (text, rule that must flag it, the first suggested rewrite).
FLAGGED = [
    (
        "Did you like the most recent AllHands?",
        "did-you-like",
        "What worked and what didn't about the most recent AllHands?",
    ),
    (
        "Did your team enjoy the offsite?",
        "did-you-like",
        "What worked and what didn't about the offsite?",
    ),
    (
        "Are you happy with the new review process?",
        "happy-with",
        "What would you change about the new review process?",
    ),
    ("Is your team satisfied with the LMS?", "happy-with", "What would you change about the LMS?"),
    ("Were you okay with the reorg?", "happy-with", "What would you change about the reorg?"),
    (
        "Do you think the launch date is realistic?",
        "do-you-think",
        "What have you seen that tells you whether the launch date is realistic?",
    ),
    (
        "Does your team believe the targets are fair?",
        "do-you-think",
        "What have you seen that tells you whether the targets are fair?",
    ),
    (
        "Don't you think the reorg went well?",
        "leading-question",
        "What have you seen that tells you whether the reorg went well?",
    ),
    (
        "Wouldn't you agree that the offsite was useful?",
        "leading-question",
        "What have you seen that tells you whether the offsite was useful?",
    ),
    (
        "Do you agree with the new policy?",
        "do-you-agree",
        "What would you change about the new policy?",
    ),
    (
        "Does your team feel ready for the launch?",
        "do-you-feel",
        "What would help your team feel ready for the launch?",
    ),
    (
        "Do we feel supported by leadership?",
        "do-you-feel",
        "What would help us feel supported by leadership?",
    ),
    (
        "How do you feel about the new office?",
        "how-do-you-feel",
        "What worked and what didn't about the new office?",
    ),
    (
        "What do you think of the new LMS?",
        "what-do-you-think",
        "What worked and what didn't about the new LMS?",
    ),
    ("Any thoughts on the reorg?", "thoughts-on", "What worked and what didn't about the reorg?"),
    (
        "Feedback on the all-hands?",
        "thoughts-on",
        "What worked and what didn't about the all-hands?",
    ),
    ("How was the offsite?", "how-was", "What worked and what didn't about the offsite?"),
    (
        "How would you rate the onboarding?",
        "rate-it",
        "What would make the onboarding better, and who needs to act?",
    ),
    (
        "Brand refresh goes live on the 15th—do you foresee any challenges to your team "
        "being ready?",
        "yes-no-any",
        "What challenges to your team being ready do you foresee?",
    ),
    (
        "Have you noticed any changes in morale?",
        "yes-no-any",
        "What changes in morale have you noticed?",
    ),
    (
        "Do you have any concerns about the reorg?",
        "yes-no-any",
        "What concerns about the reorg do you have?",
    ),
    (
        "Any concerns about the reorg?",
        "yes-no-any-noun",
        "What concerns about the reorg should we act on?",
    ),
    ("Any questions?", "yes-no-any-noun", "What questions should we act on?"),
    (
        "Are there any risks to the launch?",
        "yes-no-there-any",
        "What risks to the launch do you see?",
    ),
    (
        "Is there anything we can do to help?",
        "yes-no-there-anything",
        "What is one thing we can do to help?",
    ),
    (
        "Is your team ready for the brand refresh?",
        "yes-no-be",
        "What will your team need to be ready for the brand refresh?",
    ),
    ("Are you on track for Q3?", "yes-no-be", "What will you need to be on track for Q3?"),
    (
        "Was your team ready for the launch?",
        "yes-no-be-past",
        "What got in the way of your team being ready for the launch?",
    ),
    (
        "Do you have enough people for Q3?",
        "yes-no-do",
        "What would it take for you to have enough people for Q3?",
    ),
    (
        "Did your team finish the compliance training?",
        "yes-no-did",
        "What happened when your team tried to finish the compliance training?",
    ),
    (
        "Have you completed the reviews?",
        "yes-no-have",
        "What is left before you have completed the reviews?",
    ),
    (
        "Should we change the review cadence?",
        "yes-no-should",
        "What are the trade-offs if we change the review cadence?",
    ),
    (
        "Can your team hit the Q3 target?",
        "yes-no-modal",
        "What would your team need to hit the Q3 target?",
    ),
    (
        "Will you be ready for the audit?",
        "yes-no-modal",
        "What would you need to be ready for the audit?",
    ),
    ("Did the training help?", "yes-no-other", "How did the training help?"),
    (
        "Is the new onboarding process working for your team?",
        "yes-no-other",
        "How is the new onboarding process working for your team?",
    ),
    (
        "Do the new hires have laptops?",
        "yes-no-do-other",
        "What tells you whether the new hires have laptops?",
    ),
    (
        "did you like the all-hands",
        "did-you-like",
        "What worked and what didn't about the all-hands?",
    ),
    (
        "  - Are you happy with your team's workload?",
        "happy-with",
        "What would you change about your team's workload?",
    ),
]

#: Texts that must come back clean: action-oriented questions, statements, requests, offers.
CLEAN = [
    "What worked and what didn't about the most recent company Allhands?",
    "What would you change about the review process?",
    "What will your team need to be ready for the brand refresh?",
    "How will the brand refresh affect your team's work?",
    "Which skills is your team missing for the Q3 roadmap?",
    "Who on your team is ready for more responsibility?",
    "When will your new hire be fully productive, and what is in the way?",
    "Where is someone falling short of expectations, and what support have they been offered?",
    "Feedback on most recent Allhands, what worked and didn't work?",
    "Brand refresh goes live on the 15th.",
    "Launch of our new learning management system - let your team know it's available",
    "Remind your team to take the employee engagement survey so we can have high participation",
    "Can you remind your team to take the survey?",
    "Could you share the LMS link with your team?",
    "Would you like us to run a training session?",
    "Do the engagement survey by Friday.",
    "Feedback on the all-hands",
    "Is the brand refresh date the 15th",
    "",
    "Priorities this month",
]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return default_linter()


def test_the_table_is_big_enough():
    assert len(FLAGGED) + len(CLEAN) >= 40
    assert len(FLAGGED) >= 20 and len(CLEAN) >= 15


@pytest.mark.parametrize(("text", "rule", "rewrite"), FLAGGED, ids=[f[0][:40] for f in FLAGGED])
def test_flags_opinion_and_yes_no_questions(linter, text, rule, rewrite):
    findings = linter.lint(text)
    assert [f.rule_id for f in findings] == [rule]
    finding = findings[0]
    assert finding.suggestion == rewrite
    assert finding.explanation  # every finding says why
    assert text[finding.start : finding.end].strip() == finding.excerpt


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_action_oriented_text_alone(linter, text):
    assert linter.lint(text) == []
    assert linter.is_clean(text)


def test_finds_each_question_in_a_longer_text(linter):
    text = "Brand refresh is on the 15th. Did you like the launch video? Are you happy with it?"
    findings = linter.lint(text)
    assert [f.rule_id for f in findings] == ["did-you-like", "happy-with"]
    assert text[findings[1].start : findings[1].end] == "Are you happy with it?"


def test_apply_rewrite_replaces_only_the_flagged_clause(linter):
    text = "Brand refresh is on the 15th. Did you like the launch video?"
    finding = linter.lint(text)[0]
    fixed = apply_rewrite(text, finding)
    assert (
        fixed == "Brand refresh is on the 15th. What worked and what didn't about the launch video?"
    )
    assert linter.is_clean(fixed)
    other = apply_rewrite(text, finding, finding.rewrites[1])
    assert other.endswith("What would you change about the launch video?")


def test_rules_are_easy_to_extend(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        """
subjects = ["you"]
[[rules]]
id = "rate-1-10"
pattern = '''on\\s+a\\s+scale\\s+of\\s+1\\s+to\\s+10,\\s+(?P<rest>.+)'''
explain = "Scores are opinions."
rewrites = ["What would raise it: {rest}?"]
""",
        encoding="utf-8",
    )
    linter = Linter.from_file(rules)
    [finding] = linter.lint("On a scale of 1 to 10, how was the offsite?")
    assert finding.rule_id == "rate-1-10"
    assert finding.suggestion == "What would raise it: how was the offsite?"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules = [", "not valid TOML"),
        ("subjects = []\n", r"no \[\[rules\]\]"),
        ("[[rules]]\nid = 'x'\n", "needs an 'id' and a 'pattern'"),
        ("[[rules]]\nid = 'x'\npattern = '(unclosed'\nexplain = 'e'\n", "not a valid expression"),
        ("[[rules]]\nid = 'x'\npattern = 'did'\n", "needs an 'explain'"),
        (
            "[[rules]]\nid = 'x'\npattern = 'did (?P<a>.+)'\nexplain = 'e'\nrewrites = ['{b}']\n",
            "does not capture",
        ),
    ],
)
def test_malformed_rules_give_a_clear_message(tmp_path, content, message):
    path = tmp_path / "rules.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LinterRulesError, match=message) as caught:
        load_rules(path)
    assert str(path) in str(caught.value)


def test_missing_rules_file_says_so(tmp_path):
    with pytest.raises(LinterRulesError, match="Cannot read"):
        load_rules(tmp_path / "nope.toml")


@pytest.mark.parametrize(("text", "rule", "rewrite"), FLAGGED, ids=[f[0][:40] for f in FLAGGED])
def test_every_suggested_rewrite_passes_the_linter(linter, text, rule, rewrite):
    [finding] = linter.lint(text)
    assert [r for r in finding.rewrites if linter.lint(r)] == []


@pytest.mark.parametrize(
    "text", ["Was the offsite useful?", "Were the new hires ready?", "How was the offsite?"]
)
def test_rewrites_never_lead_back_to_a_finding(linter, text):
    for finding in linter.lint(text):
        assert all(linter.is_clean(r) for r in finding.rewrites), finding.rewrites


@settings(max_examples=150, deadline=None)
@given(
    opener=st.sampled_from(
        [
            "do",
            "does",
            "did",
            "is",
            "are",
            "was",
            "were",
            "will",
            "can",
            "could",
            "should",
            "have",
            "has",
            "would",
        ]
    ),
    subject=st.sampled_from(["you", "your team", "we", "they", "the team", "the new hires"]),
    rest=st.sampled_from(
        [
            "like the offsite",
            "happy with the new tool",
            "think the launch date is realistic",
            "ready for the brand refresh",
            "see any risks to the launch",
            "finish the compliance training",
            "feel supported by leadership",
        ]
    ),
)
def test_generated_questions_get_clean_rewrites(opener, subject, rest):
    text = f"{opener.capitalize()} {subject} {rest}?"
    for finding in default_linter().lint(text):
        assert all(default_linter().is_clean(r) for r in finding.rewrites), (text, finding)
