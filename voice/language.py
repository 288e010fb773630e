"""The assistant's own Dutch: its phrases and the words for controls, questions, denials.

Kept as data (voice/nl.toml) beside the leaflets' data, so that what the assistant
says can be reviewed and changed without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from voice.analysis import Analyser
from voice.cues import Cue
from voice.spoken import SpeechForm
from voice.table_readers import read_cues, read_speech
from voice.toml_source import ContentError, Source, Table, root

LANGUAGE_FILE = Path(__file__).resolve().parent / "nl.toml"

PHRASES = (
    "greeting",
    "greeting_call_first",
    "greeting_warning_lead",
    "prompt",
    "not_covered",
    "not_understood",
    "nothing_heard",
    "offer_sections",
    "denied_lead",
    "help",
    "repeat",
    "nothing_to_repeat",
    "slower",
    "slowest",
    "faster",
    "fastest",
    "louder",
    "loudest",
    "softer",
    "softest",
    "paused",
    "go_on_offer",
    "read_all",
    "section",
    "no_next",
    "no_previous",
    "thanks",
    "goodbye",
    "yes_without_question",
    "still_there",
    "asleep",
    "awake",
    "microphone_lost",
    "microphone_back",
    "speaker_back",
)


class ControlKind(Enum):
    """What the patient can tell the assistant to do; nl.toml gives the words for each."""

    STOP = "stop"
    REPEAT = "repeat"
    SLOWER = "slower"
    FASTER = "faster"
    LOUDER = "louder"
    SOFTER = "softer"
    PAUSE = "pause"
    HELP = "help"
    READ_ALL = "read_all"
    NEXT = "next"
    PREVIOUS = "previous"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    WAKE = "wake"
    YES = "yes"


@dataclass(frozen=True)
class Control:
    id: ControlKind
    cues: tuple[Cue, ...]
    max_words: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    phrases: dict[str, str]
    controls: tuple[Control, ...]  # in order of priority
    question_cues: tuple[Cue, ...]
    denials_before: tuple[Cue, ...]
    denials_after: tuple[Cue, ...]
    abbreviations: tuple[str, ...]
    speech: tuple[SpeechForm, ...]
    recognition_hint: str
    analyser: Analyser  # how words are heard: spoken forms and lemmas
    not_for_me: tuple[str, ...]  # examples of talk not meant for the assistant
    elsewhere: tuple[Cue, ...]  # words that show a command was said to someone else


def _mapping(table: Table, key: str) -> dict[str, str]:
    data = table.table(key).data
    if not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()):
        table.source.problem(f"[{key}]: every entry must be text = text", table.source.line_of(f"[{key}]"))
        return {}
    return {k.casefold(): v.casefold() for k, v in data.items()}


def load(path: Path = LANGUAGE_FILE) -> Language:
    source = Source.read(path)
    top = root(source)
    phrase_table = top.table("phrases")
    phrases = {name: phrase_table.text(name) for name in PHRASES}
    kinds = {kind.value: kind for kind in ControlKind}
    controls = []
    for t in top.tables("control"):
        ident = t.text("id")
        if ident not in kinds:
            if ident:  # a missing id is reported already
                source.problem(f"{t.name}: unknown control '{ident}' (known: {', '.join(kinds)})", t.line)
            continue
        cues = read_cues(t, "cues")
        controls.append(Control(kinds[ident], cues, t.number("max_words", 1000), tuple(t.texts("examples"))))
    missing = [k.value for k in ControlKind if k not in {c.id for c in controls}]
    if missing:
        source.problem(f"controls without cues: {', '.join(missing)}")
    denials = top.table("denials")
    language = Language(
        phrases=phrases,
        controls=tuple(controls),
        question_cues=read_cues(top.table("questions"), "cues"),
        denials_before=read_cues(denials, "before"),
        denials_after=read_cues(denials, "after"),
        abbreviations=tuple(a.casefold() for a in top.texts("abbreviations")),
        speech=read_speech(top),
        recognition_hint=top.table("recognition").text("hint", default=""),
        analyser=Analyser(_mapping(top, "spoken_forms"), _mapping(top, "lemmas")),
        not_for_me=tuple(top.table("not_for_me").texts("examples", required=False)),
        elsewhere=read_cues(top.table("elsewhere"), "cues"),
    )
    if source.problems:
        raise ContentError(source.problems)
    return language
