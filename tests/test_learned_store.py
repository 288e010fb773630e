"""What the matcher learned is kept between runs, and a bad cache only costs time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voice.analysis import PLAIN
from voice.learned_store import LearnedStore
from voice.matcher import Label, LabelKind, Matcher

if TYPE_CHECKING:
    from pathlib import Path

WORK, PILLS = Label(LabelKind.TOPIC, "werk"), Label(LabelKind.TOPIC, "pijnstillers")
EXAMPLES = [
    (WORK, "mag ik werken"),
    (WORK, "wanneer mag ik terug gaan werken"),
    (WORK, "mag ik naar mijn job"),
    (PILLS, "welke pijnstiller mag ik nemen"),
    (PILLS, "hoeveel dafalgan per dag"),
    (PILLS, "mag ik ibuprofen nemen"),
    (Label(LabelKind.NOT_COVERED), "mag ik fietsen"),
    (Label(LabelKind.NOT_COVERED), "mag ik zwemmen"),
]


def _label(matcher: Matcher, text: str) -> Label:
    match = matcher.match(text)
    assert match is not None
    return match.label


def test_what_was_learned_is_read_back_and_understands_the_same(tmp_path: Path) -> None:
    store = LearnedStore(tmp_path)
    learned = Matcher(EXAMPLES, PLAIN, store)
    [kept] = tmp_path.glob("matcher-*.npz")
    again = Matcher(EXAMPLES, PLAIN, store)
    assert again.thresholds == learned.thresholds
    for text in ("mag ik gaan werken morgen", "hoeveel pillen mag ik nemen", "mag ik gaan fietsen"):
        first, second = learned.match(text), again.match(text)
        assert first is not None and second is not None
        assert (second.label, round(second.score, 5)) == (first.label, round(first.score, 5))
    assert _label(again, "mag ik gaan werken morgen") == WORK


def test_other_examples_are_learned_again_not_read_from_the_old_file(tmp_path: Path) -> None:
    store = LearnedStore(tmp_path)
    Matcher(EXAMPLES, PLAIN, store)
    changed = Matcher([*EXAMPLES, (PILLS, "mag ik een pilleke pakken")], PLAIN, store)
    assert len(list(tmp_path.glob("matcher-*.npz"))) == 2
    assert "mag ik een pilleke pakken" in changed.texts and changed.matrix.shape[0] == len(EXAMPLES) + 1


def test_a_damaged_cache_file_is_learned_again(tmp_path: Path) -> None:
    store = LearnedStore(tmp_path)
    Matcher(EXAMPLES, PLAIN, store)
    [kept] = tmp_path.glob("matcher-*.npz")
    kept.write_bytes(b"not what was learned")
    matcher = Matcher(EXAMPLES, PLAIN, store)
    assert _label(matcher, "mag ik gaan werken morgen") == WORK
    assert LearnedStore(tmp_path).load("x" * 64) is None
    assert Matcher(EXAMPLES, PLAIN, store).thresholds == matcher.thresholds  # the file was written anew


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    matcher = Matcher(EXAMPLES, PLAIN, LearnedStore(blocked / "cache"))
    assert _label(matcher, "mag ik gaan werken morgen") == WORK
    assert list(tmp_path.iterdir()) == [blocked]
