"""Which of Whisper's readings of an utterance are offered to the understanding.

Whisper reads an utterance freely, scores the content phrases nearest to that against the
audio, and reads it again told to expect the warning signs, then the questions
(`voice.speech_in.whisper`). All but the free reading can put the content in the patient's
mouth, so each is offered only under a rule calibrated on recordings
(benchmarks/whisper_candidates.py, benchmarks/expected_readings.py). The recogniser
measures; this module only decides, so the rules can be tested without a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from voice.folding import letters
from voice.hearing import Heard, Transcript

if TYPE_CHECKING:
    from voice.vocabulary import Expected

MARGIN = 1.0  # how much less likely (mean log-probability) a candidate may be ...
CLOSENESS = 60  # ... when it is this alike in letters (0-100) to what was heard, the least;
SLACK_PER_POINT = 1 / 20  # every point more alike allows this much less likely
# A candidate stands for what was heard, it does not add to it: one with many more letters
# ("het schiet in mijn been mag ik een ontstekingsremmer nemen" for "mag ik een
# ontstekingsremmer nemen") would put words in the patient's mouth.
LONGER = 1.25


@dataclass(frozen=True)
class Scored:
    """A content phrase and how likely Whisper finds it, given the audio: the mean
    log-probability of its tokens, teacher-forced."""

    text: str
    likelihood: float


@dataclass(frozen=True)
class Scores:
    """Phrases scored against the audio, and what was heard scored alike: the reference
    they are measured against."""

    reference: float
    phrases: tuple[Scored, ...]


def short_enough(phrase: str, heard: str) -> bool:
    """Whether a phrase may stand for what was heard (see LONGER); longer ones are not scored."""
    return len(letters(phrase)) <= LONGER * len(letters(heard))


def candidates(free: Sequence[Transcript], scores: Scores | None, margin: float = MARGIN) -> tuple[Transcript, ...]:
    """The scored phrases about as likely as the best free transcription and alike to it in
    letters (the more alike, the less likely they may be), new ones only, most likely first."""
    if scores is None:
        return ()
    best = letters(free[0].text)
    heard = {h.text.lower() for h in free}
    found = []
    for phrase in scores.phrases:
        closeness = fuzz.ratio(best, letters(phrase.text))
        allowed = margin + (closeness - CLOSENESS) * SLACK_PER_POINT
        if closeness >= CLOSENESS and phrase.likelihood >= scores.reference - allowed and phrase.text not in heard:
            found.append((phrase.likelihood, phrase.text))
    found.sort(reverse=True)
    return tuple(Transcript(text, float(np.exp(likelihood))) for likelihood, text in found)


@dataclass(frozen=True)
class Rule:
    """When a reading told what to expect is offered: this alike in letters (0-100) to the free
    transcription and Whisper this sure of it (mean token probability), or, however unlike,
    at least `sure`: in loud noise the free transcription is often a loop ("Volgende,
    volgende, volgende") that nothing is alike to, while the reading is plainly heard."""

    closeness: float
    confidence: float
    sure: float
    needless_from: float | None = None  # the free transcription this sure: not read this way at all


# Calibrated with benchmarks/expected_readings.py. A reading expecting the warnings can raise
# an alarm: invented signs reach 52 alike on clean speech, and 0.64 sure however unlike ("Ik
# krijg geen erectie meer." for "krijg ik een ziektebriefje voor mijn werk" in babble at 5 dB).
# One expecting questions can at worst answer a question that was not asked: below 45 alike or
# 0.5 sure some did ("mag ik gaan zwemmen" read "Mag ik een scan laten maken?"), and at 0.56
# however unlike (real speech in babble: "hoe wij dit bereiken leest u op deze pagina" read
# "Hoeveel paracetamol mag ik?"). Babble alone (six Dutch talkers) is read at most 0.45 sure
# expecting the warnings and 0.52 expecting the questions.
#
# Reading again costs a decoding pass each (0.35-0.45 s on two cores, benchmarks/latency_parts.py),
# so it is left out where it changed nothing on the dev set and the real out-of-domain speech
# (benchmarks/expected_readings.py, "needed passes only"): both readings when the free
# transcription is a content phrase all but word for word (PLAINLY_HEARD; the first reading
# that changed anything was 88 alike, and it kept the alarm: "Mengers lacht, delen voelen
# verdoft aan" lost a second sign), the questions when Whisper is 0.6 sure of it (at 0.5
# one answer's wording changed). The warnings are read whenever the words are not plain.
WARNINGS = Rule(closeness=55, confidence=0.5, sure=0.8)
QUESTIONS = Rule(closeness=45, confidence=0.5, sure=0.7, needless_from=0.6)
PLAINLY_HEARD = 90  # alike in letters (0-100) to a content phrase


def worth_reading(rule: Rule, free: Transcript, phrases: Sequence[str]) -> bool:
    """Whether to read the utterance again told to expect the sentences `rule` is for, given
    the best free transcription and the content phrases (in `letters`)."""
    if rule.needless_from is not None and free.confidence >= rule.needless_from:
        return False
    nearest = process.extractOne(letters(free.text), phrases, scorer=fuzz.ratio)
    return nearest is None or nearest[1] < PLAINLY_HEARD


def expectations(expected: Expected | None) -> list[tuple[list[str], Rule]]:
    """The sets of sentences Whisper is told to expect, in turn, each with the rule its readings must pass.

    The signs are expected twice: as the examples say them, and in the words patients name
    them with. Each reading hears what the other misses (benchmarks/expected_readings.py):
    told the examples, Whisper hears an example said as it is ("ik verlies mijn urine"); told
    the words, it hears "mijn kruis is helemaal doof" (not "kraus"), which no example has."""
    if expected is None:
        return []
    return [(expected.warnings, WARNINGS), (expected.sign_words, WARNINGS), (expected.questions, QUESTIONS)]


def offered(heard: Sequence[Transcript], readings: Sequence[Transcript], rule: Rule) -> tuple[Transcript, ...]:
    """The readings told what to expect that are new and pass the rule against the best of `heard`.

    One Whisper is very sure of counts as plainly heard; one offered for being alike is marked
    `expected`, so that what the free transcription plainly heard ("Wat kan ik vragen?", the
    help control) is understood before it ("Wat kan ik me laten doen?", 0.56 sure)."""
    best = letters(heard[0].text)
    known = {h.text.lower() for h in heard}
    found: list[Transcript] = []
    for reading in readings:
        alike = fuzz.ratio(letters(reading.text), best) >= rule.closeness
        sure = reading.confidence >= rule.sure
        if reading.text.lower() not in known and (sure or (alike and reading.confidence >= rule.confidence)):
            found.append(replace(reading, expected=not sure))
            known.add(reading.text.lower())
    return tuple(found)


@dataclass(frozen=True)
class Prompted:
    """Whisper's readings when told to expect one set of sentences, and the rule they must pass."""

    rule: Rule
    readings: tuple[Transcript, ...]


@dataclass(frozen=True)
class Readings:
    """Every reading Whisper made of one utterance, before the rules choose what is offered."""

    free: tuple[Transcript, ...] = ()  # the free transcription's best few, best first; none: nothing said
    scores: Scores | None = None  # the content phrases nearest to it; None: none near enough to score
    prompted: tuple[Prompted, ...] = ()  # each set of expected sentences, in turn

    def heard(self) -> Heard:
        """The free transcription, the candidates that pass, then each set's readings that pass
        its rule against all offered before them."""
        if not self.free:
            return Heard(())
        found = self.free + candidates(self.free, self.scores)
        for prompted in self.prompted:
            found += offered(found, prompted.readings, prompted.rule)
        return Heard(found)
