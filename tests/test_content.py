"""Content as data: the leaflet word for word, and broken content caught with file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import CONTENT, SHARED, needs_shared
from voice import language
from voice.content_check import check
from voice.dialogue import Session, Skill
from voice.loading import load_skill
from voice.responses import Kind
from voice.toml_source import ContentError


def test_the_leaflet_text_is_the_original_word_for_word() -> None:
    original = needs_shared(SHARED / "leaflet" / "lage-rugpijn.txt").read_text(encoding="utf-8")
    repaired = (CONTENT / "leaflet.txt").read_text(encoding="utf-8")

    def words(text: str) -> list[str]:
        return re.findall(r"[^\s#•\-]+", text.replace("plas-", "plas"))

    assert words(repaired) == words(original)


def test_the_shipped_content_passes_its_check(skill: Skill) -> None:
    report = check(skill)
    assert report.ok, report.errors
    # the only notes: topic examples the matcher would not get without them (teach more like them)
    assert all("were it not taught" in p.message for p in report.notes), report.notes


def test_every_sign_of_the_leaflets_warning_lists_has_a_red_flag(skill: Skill) -> None:
    emergency = [f for f in skill.leaflet.red_flags if f.warning.urgency is Kind.EMERGENCY]
    gp = [f for f in skill.leaflet.red_flags if f.warning.urgency is Kind.GP]
    assert len(emergency) == 4 and len(gp) == 1


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "leaflet"
    shutil.copytree(CONTENT, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _problems(folder: Path) -> list[str]:
    try:
        skill = load_skill(folder)
    except ContentError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in check(skill).errors]


def test_invalid_toml_names_the_file_and_line(copy: Path) -> None:
    _edit(copy / "topics.toml", 'id = "werk"', 'id = "werk')
    [problem] = _problems(copy)
    line = _line_of(copy / "topics.toml", 'id = "werk')
    assert problem.startswith(f"{copy / 'topics.toml'}:{line}:")
    assert "not valid TOML" in problem


def test_a_missing_key_names_the_entry_and_its_line(copy: Path) -> None:
    _edit(copy / "red-flags.toml", 'urgency = "gp"\n', "")
    problems = _problems(copy)
    line = _line_of(copy / "red-flags.toml", 'id = "huisarts"') - 1
    assert any(p.startswith(f"{copy / 'red-flags.toml'}:{line}:") and "'urgency' is missing" in p for p in problems), (
        problems
    )


def test_a_quote_not_in_the_leaflet_is_an_error_at_its_line(copy: Path) -> None:
    _edit(copy / "topics.toml", '"hervat, zodra het kan, uw werk."', '"hervat, zodra het kan, uw werk, halftijds."')
    [problem] = _problems(copy)
    line = _line_of(copy / "topics.toml", "halftijds")
    assert problem.startswith(f"{copy / 'topics.toml'}:{line}:") and "word for word" in problem


def test_a_leaflet_sign_without_a_red_flag_is_an_error(copy: Path) -> None:
    text = (copy / "red-flags.toml").read_text()
    start = text.index('[[red_flag]]\nid = "erectie"')
    end = text.index("[[red_flag]]", start + 5)
    (copy / "red-flags.toml").write_text(text[:start] + text[end:])
    problems = _problems(copy)
    assert any("bij erectiestoornissen;" in p and "has no [[red_flag]]" in p for p in problems), problems


def test_a_bad_cue_and_an_unknown_warning_are_errors(copy: Path) -> None:
    _edit(copy / "red-flags.toml", '"@seks  lukt|', '"@seks  lukt||')
    _edit(copy / "red-flags.toml", 'warning = "huisarts"', 'warning = "huisdokter"')
    problems = _problems(copy)
    assert any("empty alternative" in p for p in problems), problems
    assert any("'huisdokter' is not defined" in p for p in problems), problems


def test_an_example_taught_for_two_topics_is_an_error(copy: Path) -> None:
    _edit(copy / "topics.toml", '  "mag ik werken?",\n', '  "mag ik werken?",\n  "mag ik lang zitten?",\n')
    problems = _problems(copy)
    assert any(
        "example 'mag ik lang zitten' is taught for 2 things: topic:houding, topic:werk" in p for p in problems
    ), problems


def test_an_unknown_concept_is_an_error(copy: Path) -> None:
    _edit(copy / "red-flags.toml", '"@seks  lukt|', '"@sex  lukt|')
    problems = _problems(copy)
    assert any("@sex is not a concept" in p for p in problems), problems


def test_an_unknown_control_in_the_language_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    nl = tmp_path / "nl.toml"
    shutil.copy(language.LANGUAGE_FILE, nl)
    _edit(nl, 'id = "thanks"', 'id = "merci"')
    with pytest.raises(ContentError) as raised:
        language.load(nl)
    line = _line_of(nl, 'id = "merci"') - 1
    assert [str(p) for p in raised.value.problems] == [
        f"{nl}:{line}: [[control]] #12: unknown control 'merci' (known: stop, repeat, slower, faster, louder, "
        "softer, pause, help, read_all, next, previous, thanks, goodbye, wake, yes)",
        f"{nl}: controls without cues: thanks",
    ]


def test_a_leaflet_sentence_no_topic_uses_is_reported(copy: Path) -> None:
    _edit(copy / "leaflet.toml", "[[unused]]", "[[ignored]]")
    report = check(load_skill(copy))
    assert report.ok
    assert [p.message for p in report.notes if "were it not taught" not in p.message] == [
        "no topic answers with this sentence: 'Denk ook aan de actieve aanpak zoals die eerder wordt toegelicht.'"
    ]


def test_missing_files_are_each_named(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    problems = _problems(tmp_path / "leeg")
    assert len(problems) == 4 and all("file is missing" in p for p in problems)


def test_a_broken_leaflet_text_names_the_line(copy: Path) -> None:
    _edit(copy / "leaflet.txt", "## Wat moet er nu gebeuren?", "##Wat moet er nu gebeuren?")
    [problem] = _problems(copy)
    assert problem.startswith(f"{copy / 'leaflet.txt'}:{_line_of(copy / 'leaflet.txt', '##Wat')}:")


SECOND_LEAFLET = {
    "leaflet.txt": """Dienst orthopedie

# Na uw enkelverstuiking

## Wat mag ik doen?

Leg uw voet hoog zoveel als u kan.
Steun op uw voet zodra de pijn het toelaat.

## Wanneer komt u terug?

Kom meteen terug naar de spoedgevallendienst:
- als uw tenen blauw of koud worden;
- als de pijn ondraaglijk wordt.
""",
    "leaflet.toml": """[leaflet]
title = "Na uw enkelverstuiking"
subject = "uw enkel"
suggestions = ["mag ik op mijn voet steunen?"]

[not_covered]
cues = ["sport*|enkel"]
""",
    "red-flags.toml": """[[warning]]
id = "spoed"
urgency = "emergency"
heading = "Kom meteen terug naar de spoedgevallendienst:"

[[red_flag]]
id = "tenen"
warning = "spoed"
item = "als uw tenen blauw of koud worden;"
examples = ["mijn tenen worden blauw"]
cues = ["teen|tenen  blauw|koud|paars"]

[[red_flag]]
id = "pijn"
warning = "spoed"
item = "als de pijn ondraaglijk wordt."
examples = ["de pijn is ondraaglijk"]
cues = ["ondraaglijk*|onhoudbaar"]
""",
    "topics.toml": """[[topic]]
id = "steunen"
answer = ["Steun op uw voet zodra de pijn het toelaat."]
cues = ["steun*|stappen"]
examples = ["mag ik op mijn voet steunen?"]

[[topic]]
id = "hoogleggen"
answer = ["Leg uw voet hoog zoveel als u kan."]
cues = ["hoog|omhoog"]
examples = ["moet ik mijn voet hoog leggen?"]
""",
}


def test_how_patients_name_a_sign_must_be_words_where_it_is_given(copy: Path) -> None:
    _edit(
        copy / "red-flags.toml", 'listen_for = "Een stekende, schietende zenuwpijn in mijn been."', 'listen_for = " "'
    )
    problems = _problems(copy)
    line = _line_of(copy / "red-flags.toml", 'listen_for = " "')
    assert any(p.startswith(f"{copy / 'red-flags.toml'}:{line}:") and "'listen_for'" in p for p in problems), problems


def test_a_second_leaflet_is_a_new_folder_not_new_code(tmp_path: Path) -> None:
    folder = tmp_path / "enkel"
    folder.mkdir()
    for name, text in SECOND_LEAFLET.items():
        (folder / name).write_text(text, encoding="utf-8")
    skill = load_skill(folder)
    assert check(skill).ok
    responses = Session(skill).respond("mijn tenen worden blauw, mag ik steunen?")
    assert [r.kind for r in responses] == [Kind.EMERGENCY, Kind.ANSWER]
    assert responses[1].text == "Steun op uw voet zodra de pijn het toelaat."
    assert Session(skill).respond("mag ik sporten")[0].kind is Kind.NOT_COVERED


def test_a_red_flag_example_that_is_not_caught_is_an_error(copy: Path) -> None:
    _edit(copy / "red-flags.toml", '  "ik heb ischias",\n', '  "ik heb ischias",\n  "ik heb last van mijn rug",\n')
    problems = _problems(copy)
    assert any("red flag 'zenuwpijn': example 'ik heb last van mijn rug' is not caught" in p for p in problems), (
        problems
    )
