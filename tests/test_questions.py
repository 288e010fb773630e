"""Questions: the right leaflet answer, several in the order asked, and honesty about the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from support import ask, kinds
from voice.folding import fold
from voice.responses import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from voice.dialogue import Skill


def _examples(skill_loader: Callable[[], Skill]) -> list[tuple[str, str]]:
    return [(t.id, e) for t in skill_loader().leaflet.topics for e in t.examples]


def test_every_example_question_gets_its_topic_and_nothing_alarming(skill: Skill) -> None:
    for topic in skill.leaflet.topics:
        for example in topic.examples:
            responses = ask(skill, example)
            assert topic.id in [r.topic for r in responses if r.kind is Kind.ANSWER], example
            assert Kind.EMERGENCY not in kinds(responses), example


@pytest.mark.parametrize(
    "text, topic, phrase",
    [
        ("mag ik werken?", "werk", "hervat zodra het kan uw werk"),
        ("Mag ik terug gaan werken volgende week?", "werk", "hervat zodra het kan uw werk"),
        ("hoeveel dafalgan mag ik per dag", "pijnstillers", "een gram maximaal vier keer per dag"),
        ("mag ik een brufen nemen", "pijnstillers", "ontstekingsremmer"),
        ("moet ik plat in mijn bed blijven liggen", "bedrust", "maximaal drie dagen"),
        ("mag ik gaan wandelen met de hond", "actief", "u mag rondstappen zitten staan of liggen"),
        ("mag ik lang aan mijn bureau zitten", "houding", "vermijd langdurig zitten"),
        ("mag ik mijn kleinkind optillen", "tillen", "het tillen van een voorwerp"),
        # a holiday is not covered, but the taught examples hear lifting asked
        ("mag ik op vakantie mijn valies dragen", "tillen", "het tillen van een voorwerp"),
        ("waarom hebben ze geen radio genomen", "beeldvorming", "radiologisch onderzoek"),
        ("wat is er mis met mijn rug", "diagnose", "aspecifieke mechanische lage rugpijn"),
        ("is het iets ergs", "ernstig", "niet veroorzaakt wordt door een ernstig probleem"),
        ("wanneer ben ik genezen", "verloop", "vanzelf verbeteren"),
        ("de pijn blijft maar duren", "aanhoudend", "zes weken"),
        ("wanneer moet ik naar de dokter", "huisarts", "na een week naar uw huisarts"),
        ("waar moet ik op letten", "terugkomen", "kom meteen terug naar de spoedgevallendienst"),
        # English and French words patients mix in
        ("wanneer moet ik naar mijn family doctor", "huisarts", "na een week naar uw huisarts"),
        ("wanneer moet ik naar de urgences", "terugkomen", "kom meteen terug naar de spoedgevallendienst"),
        # whole questions in English: its question and function words are read as Dutch
        ("how long will the pain last", "verloop", "vanzelf verbeteren"),
        ("when should i see my gp", "huisarts", "na een week naar uw huisarts"),
        ("je peux prendre quelque chose voor de pijn", "pijnstillers", "paracetamol"),
        ("wat is de naam van wat ik heb", "diagnose", "aspecifieke mechanische lage rugpijn"),
        (
            "wat kan ik zelf doen om sneller te herstellen",
            "herstel",
            "de beste manier om die verbetering te bevorderen",
        ),
    ],
)
def test_a_question_in_other_words_gets_the_leaflets_answer(skill: Skill, text: str, topic: str, phrase: str) -> None:
    responses = ask(skill, text)
    assert topic in [r.topic for r in responses if r.kind is Kind.ANSWER], (text, responses)
    assert phrase in fold(" ".join(r.text for r in responses))


def test_several_questions_are_answered_in_the_order_asked(skill: Skill) -> None:
    responses = ask(skill, "welke pijnstiller mag ik nemen en mag ik werken")
    assert [r.topic for r in responses] == ["pijnstillers", "werk"]
    responses = ask(skill, "mag ik werken en welke pijnstiller mag ik nemen")
    assert [r.topic for r in responses] == ["werk", "pijnstillers"]


def test_the_same_leaflet_text_is_not_said_twice_in_one_reply(skill: Skill) -> None:
    responses = ask(skill, "wanneer moet ik terugkomen naar de spoed, ik kan niet meer plassen")
    assert kinds(responses)[0] is Kind.EMERGENCY
    for response in responses:
        others = " ".join(r.text for r in responses if r is not response)
        assert response.text not in others


def test_every_not_covered_example_is_said_to_be_not_covered(skill: Skill) -> None:
    for example in skill.leaflet.not_covered_examples:
        responses = ask(skill, example)
        assert kinds(responses) == [Kind.NOT_COVERED], (example, responses)
        assert "vraag het aan uw huisarts" in fold(responses[0].text)


@pytest.mark.parametrize(
    "text",
    [
        "mag ik met rugpijn gaan fietsen",
        "helpt een warmtekussen",
        "moet ik naar de osteopaat",
        "mag ik met mijn rug naar de fitness",
        "mag ik een massage laten doen",
        "is yoga goed voor mij",
        "mag ik met mijn auto naar de zee",
    ],
)
def test_a_question_the_leaflet_does_not_answer_gets_no_nearest_topic(skill: Skill, text: str) -> None:
    assert kinds(ask(skill, text)) == [Kind.NOT_COVERED]


@pytest.mark.parametrize(
    "text",
    [
        "wat voor weer wordt het morgen",
        "zet de radio eens aan",
        "hoe laat is het",
        "bel mijn dochter",
        "de kat zit op de mat",
        # a grandchild named, not lifted: no answer about lifting
        "mijn kleinzoon verjaart zaterdag",
        "blablabla",
        "1234",
        "???",
    ],
)
def test_speech_that_is_no_question_is_not_understood_and_says_what_to_ask(skill: Skill, text: str) -> None:
    responses = ask(skill, text)
    assert kinds(responses) == [Kind.NOT_UNDERSTOOD]
    assert fold(skill.leaflet.suggestions[0]) in fold(responses[0].text)


@pytest.mark.parametrize(
    "text, control",
    [
        ("herhaal dat eens", "repeat"),
        ("zeg dat nog eens", "repeat"),
        ("wablieft", "repeat"),
        ("kan je wat trager praten", "slower"),
        ("langzamer alstublieft", "slower"),
        ("iets sneller", "faster"),
        ("stop", "stop"),
        ("zwijg", "stop"),
        ("hou op", "stop"),
        ("help", "help"),
        ("wat kan ik vragen", "help"),
        ("lees de hele folder voor", "read_all"),
        ("lees alles voor", "read_all"),
        ("volgende", "next"),
        ("ga verder", "next"),
        ("vorige", "previous"),
        ("tot ziens", "goodbye"),
        ("dag", "goodbye"),
        ("houdoe", "goodbye"),  # its letters are much like those of "houding", a topic's word
        ("dank u wel", "thanks"),
    ],
)
def test_controls_are_recognised(skill: Skill, text: str, control: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind is Kind.CONTROL and responses[0].topic == control, (text, responses)


def test_a_control_word_inside_a_question_does_not_take_over(skill: Skill) -> None:
    assert [r.topic for r in ask(skill, "hoeveel pillen mag ik per dag")] == ["pijnstillers"]
    assert [r.topic for r in ask(skill, "wanneer mag ik stoppen met werken")] == ["werk"]


def test_every_control_example_is_recognised_as_its_control(skill: Skill) -> None:
    for control in skill.language.controls:
        assert control.examples, control.id
        for example in control.examples:
            responses = ask(skill, example)
            assert responses[0].topic == control.id.value, (example, responses)


def test_what_was_plainly_heard_is_understood_before_a_reading_told_to_expect_questions(skill: Skill) -> None:
    from voice.dialogue import Session
    from voice.hearing import Heard, Transcript

    guessed = Transcript("Wat kan ik me laten doen?", 0.56, expected=True)
    heard = Heard((Transcript("Wat kan ik vragen?", 0.9), guessed))
    assert [(r.kind, r.topic) for r in Session(skill).respond(heard)][:1] == [(Kind.CONTROL, "help")]
    # nothing plainly understood: the reading is the best there is
    heard = Heard((Transcript("Het wordt marvier van de merdoord.", 0.2), guessed))
    assert Session(skill).respond(heard)[0].topic == "actief"
    # a sign in a reading still comes first
    heard = Heard((Transcript("Wat kan ik vragen?", 0.9), Transcript("Ik verlies mijn urine.", 0.6, expected=True)))
    assert Session(skill).respond(heard)[0].kind is Kind.EMERGENCY
