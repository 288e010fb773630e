"""The red-flag screen: every sign, in many wordings, first, whatever else is said."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from support import SHARED, ask, kinds, warned
from voice.dialogue import Session, Skill
from voice.folding import fold
from voice.hearing import Heard, Transcript
from voice.responses import Kind, Response
from wordings import WORDINGS


def _first_warning(skill: Skill, text: str) -> list[Response]:
    responses = ask(skill, text)
    assert responses, text
    return responses


@pytest.mark.parametrize("flag, text", [(flag, text) for flag, texts in WORDINGS.items() for text in texts])
def test_each_wording_of_a_sign_gets_its_warning_first(skill: Skill, flag: str, text: str) -> None:
    responses = _first_warning(skill, text)
    urgency = next(f.warning.urgency for f in skill.leaflet.red_flags if f.id == flag)
    assert responses[0].kind in (Kind.EMERGENCY, Kind.GP), (text, responses)
    assert flag in warned(responses), (text, responses)
    if urgency is Kind.EMERGENCY:
        assert responses[0].kind is Kind.EMERGENCY
        assert "spoedgevallendienst" in fold(responses[0].text)


def test_every_sign_is_tested_in_at_least_twenty_wordings(skill: Skill) -> None:
    assert {f.id for f in skill.leaflet.red_flags} == set(WORDINGS)
    assert min(len(w) for w in WORDINGS.values()) >= 20


@pytest.mark.parametrize(
    "text, question",
    [
        ("mag ik werken want ik voel mijn billen niet meer", "werk"),
        ("ik kan niet meer plassen en mag ik werken", "werk"),
        ("welke pijnstiller mag ik nemen, mijn been zakt soms door", "pijnstillers"),
        ("mag ik wandelen? ik krijg hem ook niet meer omhoog", "actief"),
        ("hoe lang mag ik in bed liggen, ik heb ook een stekende pijn in mijn been", "bedrust"),
    ],
)
def test_a_sign_inside_a_question_is_warned_first_then_answered(skill: Skill, text: str, question: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind in (Kind.EMERGENCY, Kind.GP)
    assert [r.topic for r in responses if r.kind is Kind.ANSWER] == [question]


@pytest.mark.parametrize(
    "text",
    [
        "ik heb geen problemen met plassen",
        "ik heb geen last van tintelingen in mijn billen",
        "geen klachten met de stoelgang",
        "plassen gaat goed",
        "ik heb nooit erectieproblemen",
    ],
)
def test_a_denied_sign_still_gets_the_warning_as_a_safety_net(skill: Skill, text: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind is Kind.EMERGENCY
    said = fold(responses[0].text)
    assert said.startswith(fold(skill.language.phrases["denied_lead"]))
    assert "kom meteen terug naar de spoedgevallendienst" in said


@pytest.mark.parametrize(
    "text",
    [
        "ik kan niet meer plassen",
        "ik voel mijn billen niet meer",
        "ik heb geen gevoel in mijn billen",
        "ik heb geen kracht in mijn benen",
        "geen problemen met plassen maar mijn been zakt door",
    ],
)
def test_a_sign_that_is_not_denied_gets_the_plain_warning(skill: Skill, text: str) -> None:
    first = ask(skill, text)[0]
    assert first.kind is Kind.EMERGENCY
    assert not fold(first.text).startswith(fold(skill.language.phrases["denied_lead"]))


def test_the_more_urgent_warning_comes_first(skill: Skill) -> None:
    responses = ask(skill, "ik heb een stekende pijn in mijn been en mijn been zakt door")
    assert kinds(responses)[:2] == [Kind.EMERGENCY, Kind.GP]


def test_several_signs_share_one_warning_in_the_leaflets_order(skill: Skill) -> None:
    responses = ask(skill, "mijn been is slap en ik kan niet meer plassen")
    assert kinds(responses) == [Kind.EMERGENCY]
    said = fold(responses[0].text)
    assert said.count("kom meteen terug") == 1
    assert said.index("plasproblemen") < said.index("krachtsvermindering")


def test_a_sign_heard_only_in_a_less_likely_alternative_is_still_warned(skill: Skill) -> None:
    heard = Heard((Transcript("ik kan niet meer pakken", 0.6), Transcript("ik kan niet meer plassen", 0.3)))
    assert Session(skill).respond(heard)[0].kind is Kind.EMERGENCY


def test_a_stop_said_with_a_sign_does_not_silence_the_warning(skill: Skill) -> None:
    responses = ask(skill, "stop, ik kan niet meer plassen")
    assert responses[0].kind is Kind.EMERGENCY and responses[0].text


def _real_out_of_domain() -> Sequence[object]:
    path = SHARED / "speech" / "real_ood" / "manifest.jsonl"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} is not here"))]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


@pytest.mark.parametrize("text", _real_out_of_domain())
def test_real_everyday_dutch_raises_no_false_alarm(skill: Skill, text: str) -> None:
    assert not {Kind.EMERGENCY, Kind.GP} & set(kinds(ask(skill, text)))


@pytest.mark.parametrize(
    "text",
    [
        "mag ik werken?",
        "hoe moet ik zitten en staan?",
        "mijn rug is stijf",
        "ik heb pijn in mijn rug",
        "dat zou ik ook willen leren",
        "hoe stom kan hij als baas zijn",
        "ik voel me goed",
        "ik ben zenuwachtig",
        "de zon straalt niet",
        "mag ik de trap op?",
        "ik wil graag wat rust",
        "wat een pijn",
        "wat een pijnstiller mag ik nemen",  # "wat een" joined is one letter from "wateren"
        "de stoel waar ik op zit is te hard",  # the seat described, but nothing felt
        "ik moet gaan winkelen maar het lukt niet met die rug",  # needing to go is not the toilet
        "how long will the pain last",  # "last" stays Dutch, and pain is no sign
    ],
)
def test_ordinary_back_pain_talk_raises_no_false_alarm(skill: Skill, text: str) -> None:
    assert not {Kind.EMERGENCY, Kind.GP} & set(kinds(ask(skill, text)))


@pytest.mark.parametrize(
    "text",
    [
        "mijn gesucht, billen, boeren, met bovenaan",  # Whisper on "mijn geslachtsdelen voelen verdoofd aan"
        "ja de kont en dan zo raar gebrom",
    ],
)
def test_a_region_named_among_misheard_words_gets_the_warning(skill: Skill, text: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind is Kind.EMERGENCY and warned(responses[:1]) == ["gevoel-zitvlak"], responses


@pytest.mark.parametrize(
    "text",
    [
        "ik heb benieuwijn in mijn linker benen",  # Whisper on "ik heb zenuwpijn in mijn linkerbeen", babble 10 dB
        "laten we nu de krat in het benen",  # Whisper on "ik heb minder kracht in mijn been", babble 5 dB
    ],
)
def test_a_leg_named_among_misheard_words_gets_both_warnings_of_the_legs(skill: Skill, text: str) -> None:
    assert [(r.kind, warned([r])) for r in ask(skill, text)][:2] == [
        (Kind.EMERGENCY, ["kracht-benen"]),
        (Kind.GP, ["zenuwpijn"]),
    ]


def test_a_sign_that_was_understood_is_not_raised_to_another_by_misheard_words(skill: Skill) -> None:
    assert [(r.kind, warned([r])) for r in ask(skill, "ik heb pijn in mijn been")][:1] == [(Kind.GP, ["zenuwpijn"])]
    assert Kind.EMERGENCY not in kinds(ask(skill, "ik heb pijn in mijn been"))


@pytest.mark.parametrize(
    "text",
    [
        "ik heb dintelingen om te m'n vijfst",  # Whisper on "ik heb tintelingen rond mijn aars", kitchen noise
        "ik heb tintelingen",
    ],
)
def test_tingling_gets_the_warning_whatever_region_was_heard(skill: Skill, text: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind is Kind.EMERGENCY and warned(responses[:1]) == ["gevoel-zitvlak"], responses


@pytest.mark.parametrize(
    "text",
    [
        # Whisper on "... ik kan mijn plas niet ophouden", kitchen noise
        "ik heb rugpijn en ik kwam lassen niet voor paden",
        "iet er terugkring, en ik van m'n lassen niet zo hadden",  # the same at 5 dB
        "ik kan niet meer lassen",
    ],
)
def test_plassen_heard_without_its_p_gets_the_warning(skill: Skill, text: str) -> None:
    responses = ask(skill, text)
    assert responses[0].kind is Kind.EMERGENCY and warned(responses[:1]) == ["plas-stoelgang"], responses


def test_welding_without_a_word_of_trouble_raises_no_alarm(skill: Skill) -> None:
    assert not {Kind.EMERGENCY, Kind.GP} & set(kinds(ask(skill, "mag ik op mijn werk lassen")))


@pytest.mark.parametrize("text, topic", [("mag ik op mijn billen zitten", "houding"), ("mag ik werken", "werk")])
def test_a_region_named_in_a_question_that_was_understood_is_only_answered(skill: Skill, text: str, topic: str) -> None:
    assert [(r.kind, r.topic) for r in ask(skill, text)] == [(Kind.ANSWER, topic)]
