"""Values that the leaflet's TOML files and the language file both hold: cue lists and
spoken forms, read from a table so that each mistake names its file and line."""

from __future__ import annotations

from voice.cues import Concepts, Cue, CueSyntaxError
from voice.spoken import SpeechForm
from voice.toml_source import Table


def read_cues(table: Table, key: str, required: bool = True, concepts: Concepts | None = None) -> tuple[Cue, ...]:
    texts = table.texts(key, required=required)
    cues = []
    for text in texts:
        try:
            cues.append(Cue.parse(text, concepts))
        except CueSyntaxError as error:
            table.source.problem(f"{table.name}: cue {text!r}: {error}", table.source.line_of(text, table.line or 0))
    return tuple(cues)


def read_speech(table: Table) -> tuple[SpeechForm, ...]:
    return tuple(SpeechForm(t.text("written"), t.text("spoken")) for t in table.tables("speech"))
