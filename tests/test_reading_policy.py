"""The reading policy: which of Whisper's readings are offered, decided without a model."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from support import REPO
from voice.hearing import Heard, Transcript
from voice.speech_in.reading_policy import (
    QUESTIONS,
    WARNINGS,
    Prompted,
    Readings,
    Scored,
    Scores,
    candidates,
    expectations,
    offered,
    short_enough,
    worth_reading,
)
from voice.vocabulary import Expected

LASSEN = [Transcript("Ik kan niet meer lassen.", 0.4)]  # the free pass, for "ik kan niet meer plassen"


def _texts(found: tuple[Transcript, ...]) -> list[str]:
    return [t.text for t in found]


# --- readings told what to expect -------------------------------------------------------------


def test_a_reading_alike_in_letters_and_fairly_sure_is_offered_marked_expected() -> None:
    [reading] = offered(LASSEN, [Transcript("Ik kan niet meer plassen.", 0.6)], WARNINGS)
    assert (reading.text, reading.confidence, reading.expected) == ("Ik kan niet meer plassen.", 0.6, True)


def test_a_reading_alike_in_letters_but_unsure_is_not_offered() -> None:
    assert offered(LASSEN, [Transcript("Ik kan niet meer plassen.", 0.45)], WARNINGS) == ()


def test_an_invented_reading_unlike_what_was_heard_is_offered_only_when_very_sure() -> None:
    heard = [Transcript("Mag ik lang zitten?", 0.7)]
    invented = Transcript("Mijn benen worden slap.", 0.79)
    assert offered(heard, [invented], WARNINGS) == ()
    [sure] = offered(heard, [Transcript("Mijn benen worden slap.", 0.8)], WARNINGS)
    assert not sure.expected  # very sure counts as plainly heard


def test_a_reading_offered_for_being_alike_is_marked_expected_and_a_very_sure_one_is_not() -> None:
    heard = [Transcript("Wat kan ik vragen?", 0.9)]
    readings = [
        Transcript("Wat kan ik me laten doen?", 0.56),
        Transcript("Hoe lang mag ik in bed liggen?", 0.94),
        Transcript("Welke pijnstiller mag ik nemen?", 0.56),
    ]
    assert [(r.text, r.expected) for r in offered(heard, readings, QUESTIONS)] == [
        ("Wat kan ik me laten doen?", True),
        ("Hoe lang mag ik in bed liggen?", False),
    ]


def test_a_reading_already_heard_or_read_twice_is_offered_once() -> None:
    heard = [*LASSEN, Transcript("Ik kan niet meer plassen.", 0.3)]
    readings = [
        Transcript("ik kan niet meer PLASSEN.", 0.9),  # heard already, in other letters' case
        Transcript("Ik kan niet meer lopen.", 0.9),
        Transcript("Ik kan niet meer lopen.", 0.85),
    ]
    assert _texts(offered(heard, readings, WARNINGS)) == ["Ik kan niet meer lopen."]


def test_the_warnings_are_expected_before_the_questions_each_with_its_own_rule() -> None:
    expected = Expected(["ik kan niet meer plassen"], ["Ik kan niet meer plassen of kakken."], ["mag ik werken"])
    assert expectations(expected) == [
        (["ik kan niet meer plassen"], WARNINGS),
        (["Ik kan niet meer plassen of kakken."], WARNINGS),  # the signs in patients' words: an alarm too
        (["mag ik werken"], QUESTIONS),
    ]
    assert expectations(None) == []
    assert WARNINGS.sure > QUESTIONS.sure and WARNINGS.closeness > QUESTIONS.closeness  # an alarm costs more


# --- content phrases scored against the audio -------------------------------------------------


def test_a_phrase_alike_in_letters_and_nearly_as_likely_is_a_candidate() -> None:
    scores = Scores(-0.5, (Scored("ik kan niet meer plassen", -1.2), Scored("mag ik fietsen", -0.4)))
    [found] = candidates(LASSEN, scores)
    # unlike it, "mag ik fietsen" is not
    assert (found.text, found.expected) == ("ik kan niet meer plassen", False)
    assert found.confidence == pytest.approx(math.exp(-1.2))


def test_the_more_alike_a_phrase_the_less_likely_it_may_be() -> None:
    scores = Scores(-0.5, (Scored("ik kan niet lachen", -2.8), Scored("ik kan niet meer plassen", -2.8)))
    assert _texts(candidates(LASSEN, scores)) == ["ik kan niet meer plassen"]
    assert candidates(LASSEN, scores, margin=0.4) == ()  # a narrower margin: not even the nearest


def test_candidates_are_new_and_the_most_likely_first() -> None:
    heard = [*LASSEN, Transcript("ik kan niet meer plassen", 0.2)]
    scores = Scores(
        -0.5,
        (
            Scored("ik kan niet meer plassen", -0.3),
            Scored("ik kan niet meer slapen", -1.0),
            Scored("ik kan niet meer lopen", -0.9),
        ),
    )
    assert _texts(candidates(heard, scores)) == ["ik kan niet meer lopen", "ik kan niet meer slapen"]
    assert candidates(heard, None) == ()


def test_a_phrase_with_many_more_letters_than_what_was_heard_may_not_stand_for_it() -> None:
    heard = "Mag ik een ontstekingsremmer nemen?"
    assert short_enough("mag ik een ontstekingsremmer nemen", heard)
    assert not short_enough("het schiet in mijn been mag ik een ontstekingsremmer nemen", heard)


# --- all readings of one utterance ------------------------------------------------------------


def test_what_is_heard_is_the_free_reading_then_candidates_then_readings_told_what_to_expect() -> None:
    readings = Readings(
        tuple(LASSEN),
        Scores(-0.5, (Scored("ik kan niet meer plassen", -1.0),)),
        (
            Prompted(WARNINGS, (Transcript("Ik verlies mijn urine.", 0.9),)),
            Prompted(QUESTIONS, (Transcript("Ik verlies mijn urine.", 0.9), Transcript("Mag ik lassen?", 0.6))),
        ),
    )
    heard = readings.heard()
    assert _texts(heard.alternatives) == [
        "Ik kan niet meer lassen.",
        "ik kan niet meer plassen",
        "Ik verlies mijn urine.",  # read in both sets, offered once
        "Mag ik lassen?",
    ]
    assert [t.expected for t in heard.alternatives] == [False, False, False, True]


def test_nothing_heard_freely_offers_nothing() -> None:
    prompted = (Prompted(WARNINGS, (Transcript("Ik verlies mijn urine.", 0.95),)),)
    assert Readings((), None, prompted).heard() == Heard(())


def test_the_policy_needs_no_speech_model() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, voice.speech_in.reading_policy; print(sorted(sys.modules))"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ctranslate2" not in loaded and "faster_whisper" not in loaded


def test_it_is_read_again_expecting_the_content_only_where_the_words_were_not_plain() -> None:
    phrases = ["ikkannietmeerplassen", "magikwerken"]
    plain = Transcript("Ik kan niet meer lassen.", 0.4)  # the scored candidates still find "plassen"
    sure, unsure = Transcript("Mag ik een stuk fietsen?", 0.65), Transcript("Equalismen buringen.", 0.4)
    assert not worth_reading(WARNINGS, plain, phrases) and not worth_reading(QUESTIONS, plain, phrases)
    assert worth_reading(WARNINGS, sure, phrases) and not worth_reading(QUESTIONS, sure, phrases)  # signs cost more
    assert worth_reading(WARNINGS, unsure, phrases) and worth_reading(QUESTIONS, unsure, phrases)
