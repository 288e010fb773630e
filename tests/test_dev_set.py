"""The shared dev set (48 utterances with expected outcomes) passes as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from support import SHARED, ask, needs_shared, spoken
from voice.folding import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

    from voice.dialogue import Skill


def _rows() -> Sequence[object]:
    path = SHARED / "speech" / "dev" / "utterances.tsv"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} is not here"))]
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        ident, first_kinds, must_say, text = line.split("\t")
        rows.append(pytest.param((first_kinds.split("|"), must_say, text), id=ident))
    return rows


@pytest.mark.parametrize("row", _rows())
def test_dev_utterance_gets_the_expected_first_response_and_phrases(
    skill: Skill, row: tuple[list[str], str, str]
) -> None:
    first_kinds, must_say, text = row
    responses = ask(skill, text)
    assert responses, text
    assert responses[0].kind.value in first_kinds, (text, responses)
    said = spoken(responses)
    for item in filter(None, must_say.split("|")):
        assert any(fold(alternative) in said for alternative in item.split("/")), (text, item, said)


def test_the_dev_set_is_all_there() -> None:
    lines = needs_shared(SHARED / "speech" / "dev" / "utterances.tsv").read_text().splitlines()
    assert len([line for line in lines if line and not line.startswith("#")]) == 48
