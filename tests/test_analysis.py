"""The analyser, the cue matcher, the red-flag screen and the learned matcher, each on its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from voice.analysis import PLAIN, Analyser, sound
from voice.cues import Cue, CueSyntaxError, Tokens
from voice.hearing import Heard
from voice.language import ControlKind
from voice.matcher import LabelKind
from voice.responses import Kind

if TYPE_CHECKING:
    from voice.dialogue import Skill
    from voice.understanding import Understanding

FLEMISH = Analyser({"nie": "niet", "goe": "goed", "m n": "mijn"}, {"poep": "poep"})


def forms(text: str, analyser: Analyser = FLEMISH) -> list[frozenset[str]]:
    return [w.forms for w in analyser.words(text)]


@pytest.mark.parametrize(
    ("said", "lemma"),
    [
        ("geplast", "plassen"),
        ("gekakt", "kakken"),
        ("gepist", "pissen"),
        ("benen", "been"),
        ("billen", "bil"),
        ("pilleke", "pil"),
        ("tabletje", "tablet"),
        ("tintelde", "tintelen"),
    ],
)
def test_inflections_and_diminutives_are_known_by_their_lemma(said: str, lemma: str) -> None:
    assert lemma in forms(said)[0]


@pytest.mark.parametrize(
    ("said", "base"),
    [("benekes", "been"), ("billekes", "bil"), ("rugske", "rug"), ("knieke", "knie"), ("voeteke", "voet")],
)
def test_flemish_diminutives_the_dictionary_lacks_are_known_by_their_word(said: str, base: str) -> None:
    assert base in forms(said)[0]


def test_a_word_the_dictionary_knows_is_not_taken_for_a_diminutive() -> None:
    # "ik ben" is the verb: "ben" is not read as "been" because "beneke" is
    assert "been" not in forms("ben")[0]
    assert forms("beetje")[0] == {"beetje"}


def test_a_flemish_dropped_n_is_restored() -> None:
    assert {"voeten", "voet"} <= forms("voete")[0]


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("krachtverlies", {"kracht", "verlies"}),
        ("beenzwakte", {"been", "zwakte"}),
        ("plasprobleem", {"plas", "probleem"}),
        ("stoelgangproblemen", {"stoelgang", "probleem"}),
    ],
)
def test_compounds_dutch_does_not_know_are_split_into_words(compound: str, parts: set[str]) -> None:
    assert parts <= forms(compound)[0]


def test_known_words_are_not_split() -> None:
    # "achterwerk" is the buttocks, not "achter" and "werk" (which would be a question about work)
    assert "werk" not in forms("achterwerk")[0]


def test_spoken_forms_become_standard_words_and_keep_the_word_as_heard() -> None:
    words = FLEMISH.words("da lukt nie goe met m'n been")
    assert [w.text for w in words] == ["da", "lukt", "niet", "goed", "met", "mijn", "been"]
    assert "nie" in words[2].forms


def test_a_lemma_override_keeps_the_flemish_buttocks_apart_from_passing_stool() -> None:
    assert "poepen" not in forms("poep")[0]
    assert "poepen" in forms("poep", PLAIN)[0]


CONCEPTS = {"been": ("been", "voet", "knie"), "zwak": ("zwak*", "slap*", "houden")}


def found(cue: str, text: str) -> bool:
    return Cue.parse(cue, CONCEPTS).find(Tokens.of(text, FLEMISH), fuzzy=7) is not None


@pytest.mark.parametrize(
    "text",
    [
        "mijn benen zijn slap",
        "mijn voete houden mij niet",
        "ik heb beenzwakte",
        "de knie is zwakker geworden",
        "mijn been is zo slapjes",
    ],
)
def test_a_concept_cue_catches_every_form(text: str) -> None:
    assert found("@been  @zwak", text)


@pytest.mark.parametrize("text", ["mijn benen zijn moe van het wandelen", "ik zwak mijn stem af"])
def test_a_concept_cue_needs_every_slot(text: str) -> None:
    assert not found("@been  @zwak", text)


def test_an_unknown_concept_is_a_syntax_error() -> None:
    with pytest.raises(CueSyntaxError, match="@arm is not a concept"):
        Cue.parse("@arm  @zwak", CONCEPTS)


def test_a_long_word_misheard_by_a_letter_still_matches_but_a_short_one_does_not() -> None:
    assert found("stoelgang", "problemen met de stoergang")
    assert not found("billen", "ik wil willen")


@pytest.mark.parametrize(
    ("written", "spelled"),
    [
        ("erectie", "ereksie"),
        ("sciatica", "sjiatika"),
        ("incontinentie", "inkontinensie"),
        ("zitvlak", "sitflak"),
    ],
)
def test_words_that_sound_alike_share_a_sound_key(written: str, spelled: str) -> None:
    assert sound(written) == sound(spelled)


def test_the_screen_hears_a_word_by_its_sound_but_topics_and_near_sounds_do_not() -> None:
    cue = Cue.parse("erectie|strekken")
    assert cue.find(Tokens.of("ik heb geen ereksie meer"), sounds=True)
    assert not cue.find(Tokens.of("ik heb geen ereksie meer"))
    # a sound a letter off is another word: "spreken" is not "strekken"
    assert not cue.find(Tokens.of("ik moet hem aanspreken en spreken"), fuzzy=7, sounds=True)


def test_a_compound_split_where_its_linking_s_goes_is_joined_again() -> None:
    assert Cue.parse("ontstekingsremmer").find(Tokens.of("mag ik een ontsteking remmer nemen"))


def test_a_long_word_split_by_the_recogniser_is_joined_but_not_before_a_short_word() -> None:
    cue = Cue.parse("wateren*")
    assert Cue.parse("zitvlak").find(Tokens.of("mijn zit vlak is doof"))
    assert Cue.parse("opstaan").find(Tokens.of("ik kan niet meer op staan"))
    # "water en zo": a word and a short word after it are two words, not "wateren"
    assert not cue.find(Tokens.of("zes flessen water en zo"))
    assert Cue.parse("water+en").find(Tokens.of("zes flessen water en zo"))


def understand(skill: Skill, text: str) -> Understanding:
    return skill.understander.understand(Heard.text(text))


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("ik heb gisteren in de zetel geplast", "plas-stoelgang"),
        ("ik heb nog niet gekakt sinds maandag", "plas-stoelgang"),
        ("ik heb krachtverlies in mijn been", "kracht-benen"),
        ("ik kan niet meer op mijn tenen staan", "kracht-benen"),
        ("mijn voete slepe over de grond", "kracht-benen"),
        ("mijn mannelijkheid laat mij in de steek", "erectie"),
        ("het voelt alsof ik op watten zit", "gevoel-zitvlak"),
        ("de pijn trekt tot in mijn voet", "zenuwpijn"),
        # a concept that takes in another: every word for the penis is a word for the seat
        ("mijn zizi voelt doof aan", "gevoel-zitvlak"),
        # Limburgish: "ich heb gein kraach mie in mien bein"
        ("ich heb gein kraach mie in mien bein", "kracht-benen"),
        ("ik heb geen ereksie meer", "erectie"),
        ("sinds gisteren zijn mijn benekes zo zwakjes", "kracht-benen"),
        # English and French words patients mix in
        ("mijn legs zijn zo weak", "kracht-benen"),
        ("j'ai mal au dos en ik kan niet meer pipi doen", "plas-stoelgang"),
    ],
)
def test_the_screen_finds_a_sign_in_words_no_cue_lists(skill: Skill, text: str, flag: str) -> None:
    assert flag in [hit.flag.id for hit in understand(skill, text).flags]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("plassen gaat nog vanzelf", "plas-stoelgang"),
        ("ik heb geen problemen met plassen", "plas-stoelgang"),
        ("lopen gaat nog prima", "kracht-benen"),
    ],
)
def test_a_denied_sign_is_still_found(skill: Skill, text: str, flag: str) -> None:
    assert flag in [hit.flag.id for hit in understand(skill, text).flags]


@pytest.mark.parametrize(
    "text",
    [
        "mag ik op mijn poep in de zetel zitten",
        "mijn benen zijn moe van het wandelen",
        "mag ik mijn benen strekken in bed",
        "ik moet straks nog de grote boodschappen doen",
        "mag ik zes flessen water en zo dragen",
        "wat doet ge best bij zo'n stijve rug",
        "ik ben kapster en als de zaak dicht is verdien ik niks wil ik terug beginnen",
    ],
)
def test_words_of_a_region_without_a_sign_raise_no_alarm(skill: Skill, text: str) -> None:
    assert understand(skill, text).flags == ()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("welke ziekte heb ik aan mijn rug", "diagnose"),
        ("moet ik de hele dag platliggen", "bedrust"),
    ],
)
def test_the_matcher_answers_a_paraphrase_no_cue_catches(skill: Skill, text: str, topic: str) -> None:
    tokens = Tokens.of(text, skill.language.analyser)
    assert not any(cue.find(tokens) for t in skill.leaflet.topics for cue in t.cues)
    meaning = understand(skill, text)
    assert [t.id for t in meaning.topics] == [topic]
    assert meaning.match is not None and meaning.match.label.kind is LabelKind.TOPIC


def test_the_matcher_leaves_an_unrelated_question_not_covered(skill: Skill) -> None:
    meaning = understand(skill, "hoe laat begint het journaal vanavond")
    assert meaning.topics == () and meaning.flags == ()


def test_the_matcher_tells_its_nearest_examples(skill: Skill) -> None:
    match = skill.understander.matcher.match("mag ik gaan werke morgen")
    assert match is not None and match.label.id == "werk" and match.sure
    assert match.neighbours[0].score >= match.neighbours[-1].score


@pytest.mark.parametrize("text", ["mag ik fietsen naar mijn werk", "mag ik alcohol drinken met die pillen"])
def test_a_question_the_leaflet_does_not_cover_is_not_answered_for_a_topic_word_in_it(skill: Skill, text: str) -> None:
    meaning = understand(skill, text)
    assert meaning.topics == () and meaning.fallback is Kind.NOT_COVERED


@pytest.mark.parametrize("text", ["wanneer mag ik terug aan het werk", "wanneer kan ik terug naar mijn job"])
def test_a_topic_the_cues_name_but_the_examples_hardly_score_is_not_answered(skill: Skill, text: str) -> None:
    # "terug" is a word of coming back to the emergency department, but this asks about work
    meaning = understand(skill, text)
    assert [t.id for t in meaning.topics] == ["werk"]


def test_a_word_dutch_knows_is_not_taken_for_a_misheard_topic_word(skill: Skill) -> None:
    # "onderbroek" is one letter pair from "onderzoek" (imaging), but is a word of its own
    meaning = understand(skill, "mijn onderbroek is nat")
    assert [h.flag.id for h in meaning.flags] == ["plas-stoelgang"] and meaning.topics == ()


@pytest.mark.parametrize(
    ("text", "control"),
    [
        ("ge praat veel te rap", ControlKind.SLOWER),
        ("niet zo snel", ControlKind.SLOWER),
        ("het gaat mij te traag", ControlKind.FASTER),
    ],
)
def test_a_speed_said_as_too_much_asks_for_the_other(skill: Skill, text: str, control: ControlKind) -> None:
    assert understand(skill, text).control is control
