"""The phrases and words a recogniser is tuned to come from the content, all of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voice import vocabulary
from voice.folding import fold

if TYPE_CHECKING:
    from voice.dialogue import Skill


def test_the_phrases_hold_every_example_of_every_kind(skill: Skill) -> None:
    phrases = set(vocabulary.phrases(skill.leaflet, skill.language))
    for flag in skill.leaflet.red_flags:
        assert {fold(e) for e in flag.examples} <= phrases
    for topic in skill.leaflet.topics:
        assert {fold(e) for e in topic.examples} <= phrases
    assert "lees alles voor" in phrases and "mag ik autorijden" in phrases


def test_the_words_hold_the_signs_in_full_and_no_wildcards(skill: Skill) -> None:
    words = vocabulary.words(skill.leaflet, skill.language)
    for word in ("plassen", "stoelgang", "zitvlak", "erectie", "zenuwpijn", "paracetamol", "herhaal"):
        assert word in words
    assert all(w.isalnum() for w in words)


def test_whisper_expects_two_examples_of_every_sign_and_two_questions_per_topic_plainest_first(skill: Skill) -> None:
    expected = vocabulary.expected(skill.leaflet)
    topics = skill.leaflet.topics
    assert expected.warnings == [e for flag in skill.leaflet.red_flags for e in flag.examples[:2]]
    assert expected.sign_words == [flag.listen_for for flag in skill.leaflet.red_flags]
    assert all(expected.sign_words)  # every sign of this leaflet says how patients name it
    assert expected.questions == [t.examples[0] for t in topics] + [t.examples[1] for t in topics]
