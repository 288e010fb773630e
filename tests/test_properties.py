"""Properties over inputs nobody wrote down: signs caught anywhere, nothing ever raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import warned
from voice.dialogue import Session, Skill
from voice.hearing import Heard, Transcript
from voice.responses import Kind
from wordings import FILLER, SIGNS

CASES = [(flag, phrase) for flag, phrases in SIGNS.items() for phrase in phrases]
ALARMS = {Kind.EMERGENCY, Kind.GP}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case=st.sampled_from(CASES),
    before=st.lists(st.sampled_from(FILLER), max_size=25),
    after=st.lists(st.sampled_from(FILLER), max_size=25),
)
def test_a_sign_embedded_anywhere_in_dutch_text_is_caught(
    skill: Skill, case: tuple[str, str], before: list[str], after: list[str]
) -> None:
    flag, phrase = case
    text = " ".join([*before, phrase, *after])
    responses = Session(skill).respond(text)
    assert responses[0].kind in ALARMS, text
    assert flag in warned(responses), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_no_text_makes_the_session_raise(skill: Skill, text: str) -> None:
    responses = Session(skill).respond(text)
    assert responses and all(isinstance(r.text, str) for r in responses)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(alternatives=st.lists(st.tuples(st.text(max_size=80), st.floats(allow_nan=True)), max_size=5))
def test_no_recogniser_result_makes_the_session_raise(skill: Skill, alternatives: list[tuple[str, float]]) -> None:
    heard = Heard(tuple(Transcript(text, confidence) for text, confidence in alternatives))
    Session(skill).respond(heard)


def test_a_huge_utterance_is_answered_and_its_sign_caught(skill: Skill) -> None:
    text = " ".join(FILLER * 400) + " ik kan niet meer plassen " + " ".join(FILLER * 400)
    responses = Session(skill).respond(text)
    assert responses[0].kind is Kind.EMERGENCY


def test_control_characters_and_odd_unicode_are_survived(skill: Skill) -> None:
    for text in ["\x00\x01\x02", "\u202e plassen", "👍👍", "ｍａｇ ｉｋ ｗｅｒｋｅｎ", "MAG IK WERKEN???", "\n\t "]:
        assert Session(skill).respond(text)
    assert Session(skill).respond("ｍａｇ ｉｋ ｗｅｒｋｅｎ")[0].topic == "werk"
