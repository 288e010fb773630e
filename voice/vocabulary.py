"""What patients are expected to say, from the content: for tuning a speech recogniser.

A recogniser biased toward these phrases hears "ik kan niet meer plassen" where an
open-vocabulary one hears "ik kan niet meer plaatsen". The phrases are the examples
of every topic, red flag, not-covered question and control; the words are theirs plus
every cue word written out in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice.folding import fold
from voice.language import Language
from voice.leaflet import Leaflet


def phrases(leaflet: Leaflet, language: Language) -> list[str]:
    """Example utterances, folded (lower case, no punctuation), without repeats."""
    found = [e for flag in leaflet.red_flags for e in flag.examples]
    found += [e for topic in leaflet.topics for e in topic.examples]
    found += list(leaflet.not_covered_examples)
    found += [e for control in language.controls for e in control.examples]
    return list(dict.fromkeys(f for f in (fold(p) for p in found) if f))


@dataclass(frozen=True)
class Expected:
    """What a recogniser that takes a prompt is told to expect, one reading each: the
    warning signs (the first two examples of every red flag), the signs in the words
    patients name them with (every red flag's `listen_for`), and the questions (the first
    two examples of every topic, every topic's first example before any second one)."""

    warnings: list[str]
    sign_words: list[str]
    questions: list[str]


def expected(leaflet: Leaflet) -> Expected:
    warnings = [e.strip() for flag in leaflet.red_flags for e in flag.examples[:2]]
    sign_words = [flag.listen_for for flag in leaflet.red_flags if flag.listen_for]
    questions = [
        topic.examples[rank].strip() for rank in range(2) for topic in leaflet.topics if len(topic.examples) > rank
    ]
    return Expected(warnings, sign_words, questions)


def hint(leaflet: Leaflet, language: Language) -> str:
    """A short text of the words patients use, for recognisers that take a prompt."""
    return " ".join(h for h in (leaflet.recognition_hint, language.recognition_hint) if h)


def words(leaflet: Leaflet, language: Language) -> list[str]:
    """Every word of the phrases and every complete cue word (no wildcards), sorted."""
    found = {w for p in phrases(leaflet, language) for w in p.split()}
    cues = [c for f in leaflet.red_flags for c in f.cues] + [c for t in leaflet.topics for c in t.cues]
    cues += [c for control in language.controls for c in control.cues]
    for cue in cues:
        for slot in cue.slots:
            found.update(t.core for t in slot.terms if not (t.any_start or t.any_end or t.exact))
    return sorted(found)
