"""The cue syntax as a clinician writes it in red-flags.toml, topics.toml and nl.toml."""

from __future__ import annotations

import pytest

from voice.cues import FUZZY_FROM, FUZZY_TWO_FROM, WINDOW, Cue, CueSyntaxError, Tokens, first_match


def finds(cue: str, text: str, fuzzy: int | None = None, lemmas: bool = True, unknown_only: bool = False) -> bool:
    return Cue.parse(cue).find(Tokens.of(text), fuzzy, lemmas=lemmas, unknown_only=unknown_only) is not None


def test_every_slot_must_be_heard_in_any_order() -> None:
    assert finds("been  slap*", "mijn been is slap")
    assert finds("been  slap*", "slapjes is mijn been")
    assert not finds("been  slap*", "mijn been doet pijn")


def test_a_bar_separates_the_alternatives_of_a_slot() -> None:
    cue = "plassen|wateren  niet|moeilijk"
    assert finds(cue, "ik kan niet plassen")
    assert finds(cue, "wateren gaat moeilijk")
    assert not finds(cue, "ik kan niet slapen")


def test_a_star_allows_any_ending_any_beginning_or_both() -> None:
    assert finds("kracht*", "krachteloos", lemmas=False)
    assert not finds("kracht*", "onkrachtig", lemmas=False)
    assert finds("*been", "linkerbeen", lemmas=False)
    assert not finds("*been", "beenpijn", lemmas=False)
    assert finds("*zwak*", "beenzwakte", lemmas=False)
    assert not finds("zwak", "beenzwakte", lemmas=False)  # without a star the word is whole


def test_a_plus_joins_words_that_must_follow_each_other() -> None:
    assert finds("hou+op", "hou op")
    assert not finds("hou+op", "hou nu op")
    assert not finds("hou+op", "op hou")


def test_a_phrase_one_letter_off_is_another_phrase_though_a_long_word_is_forgiven() -> None:
    assert not finds("tot+ziens", "tot zien", fuzzy=FUZZY_FROM)
    assert finds("totziens", "totzien", fuzzy=FUZZY_FROM)


def test_a_cue_of_phrases_only_is_a_phrase() -> None:
    assert Cue.parse("te+rap|zo+rap").phrase
    assert not Cue.parse("te+rap|rap").phrase


def test_the_slots_of_a_cue_must_be_within_the_window() -> None:
    between = " ".join(["en"] * (WINDOW - 1))
    assert finds("been  slap", f"been {between} slap")
    assert not finds("been  slap", f"been {between} en slap")


def test_without_fuzzy_only_the_word_itself_matches() -> None:
    assert not finds("stoelgang", "stoergang")


def test_from_seven_letters_one_wrong_letter_is_forgiven_from_nine_two() -> None:
    assert finds("plassen", "plassan", fuzzy=FUZZY_FROM)
    assert not finds("plassen", "plossan", fuzzy=FUZZY_FROM)
    assert finds("stoelgang", "stoergeng", fuzzy=FUZZY_FROM)
    assert not finds("stoelgang", "stuergeng", fuzzy=FUZZY_FROM)
    assert not finds("billen", "bellen", fuzzy=FUZZY_FROM)  # short words are never forgiven


def test_the_first_letter_must_be_right() -> None:
    assert not finds("plassen", "klassen", fuzzy=FUZZY_FROM)


def test_the_caller_sets_how_long_a_word_must_be_to_be_forgiven() -> None:
    assert not finds("plassen", "plassan", fuzzy=FUZZY_TWO_FROM)
    assert finds("stoelgang", "stoergang", fuzzy=FUZZY_TWO_FROM)


def test_only_a_word_dutch_does_not_know_may_be_a_misheard_one() -> None:
    assert finds("onderzoek", "onderbroek", fuzzy=FUZZY_TWO_FROM)
    assert not finds("onderzoek", "onderbroek", fuzzy=FUZZY_TWO_FROM, unknown_only=True)
    assert finds("onderzoek", "ondersoek", fuzzy=FUZZY_TWO_FROM, unknown_only=True)


def test_a_long_word_the_recogniser_split_is_joined_but_short_words_are_not() -> None:
    assert finds("zitvlak", "mijn zit vlak")
    assert not finds("slapen", "slap en", fuzzy=FUZZY_FROM)


def test_a_cue_word_written_as_a_lemma_catches_its_inflections() -> None:
    assert finds("plassen", "ik heb geplast")
    assert not finds("plassen", "ik heb geplast", lemmas=False)


def test_of_several_cues_the_one_heard_earliest_is_found() -> None:
    slap, been = Cue.parse("slap"), Cue.parse("been")
    assert first_match((slap, been), Tokens.of("mijn been is slap")) == (been, 1, 1)
    assert first_match((slap, been), Tokens.of("het gaat goed")) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty cue"),
        ("plassen||wateren", "empty alternative"),
        ("plassen|", "empty alternative"),
        ("hou+", "is not a word"),
        ("+op", "is not a word"),
    ],
)
def test_a_cue_written_wrong_is_a_syntax_error(text: str, message: str) -> None:
    with pytest.raises(CueSyntaxError, match=message):
        Cue.parse(text)
