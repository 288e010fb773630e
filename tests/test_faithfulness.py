"""Faithful: every medical sentence spoken is the leaflet's own text, in spoken form."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice.dialogue import Session, Skill
from voice.folding import fold
from voice.responses import Kind, Response
from wordings import FILLER, SIGNS, WORDINGS

MEDICAL = {Kind.ANSWER, Kind.EMERGENCY, Kind.GP}


def _clauses(text: str) -> list[str]:
    return [c for c in (fold(part) for part in re.split(r"[.;:!?]", text)) if c]


class Faithfulness:
    """What may be said: the leaflet's clauses in spoken form, and the assistant's own leads."""

    def __init__(self, skill: Skill) -> None:
        lines = [*skill.leaflet.text.cover, skill.leaflet.text.title]
        lines += [p for s in skill.leaflet.text.sections for p in s.passages()]
        self.leaflet = " " + fold(" ".join(skill.speaker.say(line) for line in lines)) + " "
        leads = ("denied_lead", "greeting_warning_lead")
        self.leads = {c for name in leads for c in _clauses(skill.phrase(name))}

    def unfaithful(self, response: Response) -> list[str]:
        return [
            clause
            for clause in _clauses(response.text)
            if clause not in self.leads and f" {clause} " not in self.leaflet
        ]


@pytest.fixture(scope="module")
def faithful(skill: Skill) -> Faithfulness:
    return Faithfulness(skill)


def _all_written_inputs(skill: Skill) -> list[str]:
    texts = [e for t in skill.leaflet.topics for e in t.examples]
    texts += list(skill.leaflet.not_covered_examples)
    texts += [w for wordings in WORDINGS.values() for w in wordings]
    return texts


def test_every_answer_and_warning_for_the_known_inputs_is_leaflet_text(skill: Skill, faithful: Faithfulness) -> None:
    checked = 0
    for text in _all_written_inputs(skill):
        for response in Session(skill).respond(text):
            if response.kind in MEDICAL:
                assert not faithful.unfaithful(response), (text, response)
                checked += 1
    assert checked > 150


def test_the_greeting_warning_and_the_whole_leaflet_read_aloud_are_leaflet_text(
    skill: Skill, faithful: Faithfulness
) -> None:
    session = Session(skill)
    said = session.greet() + session.respond("lees alles voor") + session.respond("vorige")
    medical = [r for r in said if r.kind in MEDICAL]
    assert len(medical) >= 6
    for response in medical:
        assert not faithful.unfaithful(response), response


def test_the_check_itself_catches_an_invented_sentence(skill: Skill, faithful: Faithfulness) -> None:
    invented = Response(Kind.ANSWER, "werk", "Hervat, zodra het kan, uw werk. Werk niet langer dan vier uur per dag.")
    assert faithful.unfaithful(invented) == ["werk niet langer dan vier uur per dag"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(FILLER + [p for ps in SIGNS.values() for p in ps]), max_size=15))
def test_whatever_is_said_the_medical_responses_are_leaflet_text(
    skill: Skill, faithful: Faithfulness, words: list[str]
) -> None:
    for response in Session(skill).respond(" ".join(words)):
        if response.kind in MEDICAL:
            assert not faithful.unfaithful(response), response
