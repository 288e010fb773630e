"""Settings: one TOML file, overridden by the command line; defaults suit a home device.

Looked for in --config FILE, else $FOLDERSTEM_CONFIG, else ~/.config/folderstem/config.toml;
a missing default file is fine, a named one that is missing or wrong is an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from voice.speech_out import speaking_rate
from voice.toml_source import ContentError, Problem, Source

DEFAULT_FILE = Path("~/.config/folderstem/config.toml")
ENGINES = ("", "vosk", "whisper")
WARNINGS_AT_START = ("daily", "always", "never")


@dataclass(frozen=True)
class Settings:
    content: str = ""  # leaflet folder; "" = the shipped leaflet
    engine: str = ""  # speech recogniser: vosk or whisper; "" = vosk where installed
    model: str = ""  # the engine's model folder; "" = the one installed in the models folder
    input_device: str = ""  # microphone name or number; "" = the system default
    output_device: str = ""  # speaker name or number; "" = the system default
    voice: str = ""  # nl, mb-nl2 or mb-nl3; "" = the most natural one installed
    words_per_minute: int = speaking_rate.WORDS_PER_MINUTE
    volume: float = 1.0
    end_silence: float = 0.7  # seconds of quiet that end a question
    idle_seconds: float = 60.0  # quiet before asking whether the patient is still there
    # the full warning signs in the greeting: at the first start of the day, every start, or
    # never (they are always given on request and whenever a sign is mentioned)
    warnings_at_start: str = "daily"
    # answer only what follows its name or a greeting, and red flags always (a television all day)
    require_wake: bool = False
    log: str = ""  # transcript log for improving the content; "" = nothing stored
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def describe(self) -> list[tuple[str, Any, str]]:
        return [
            (f.name, getattr(self, f.name), self.sources.get(f.name, "default"))
            for f in fields(self)
            if f.name != "sources"
        ]


def _check(name: str, value: Any) -> str | None:
    """Why a value cannot be used, or None."""
    expected = type(getattr(Settings(), name))
    if type(value) is not expected and not (expected is float and type(value) is int):
        kind = {float: "a number", bool: "true or false"}.get(expected, expected.__name__)
        return f"'{name}' must be {kind}, not {value!r}"
    if name == "engine" and value not in ENGINES:
        return f"'engine' must be vosk, whisper or \"\" (the default), not {value!r}"
    if name == "warnings_at_start" and value not in WARNINGS_AT_START:
        return f"'warnings_at_start' must be {', '.join(WARNINGS_AT_START)}, not {value!r}"
    if name == "words_per_minute" and not speaking_rate.allowed(value):
        return f"'words_per_minute' must be {speaking_rate.RANGE}"
    if name in ("end_silence", "idle_seconds") and value <= 0:
        return f"'{name}' must be above 0"
    if name == "volume" and not 0 <= value <= 1:
        return "'volume' must be between 0 and 1"
    return None


def config_path(explicit: Path | None) -> tuple[Path, bool]:
    """The file to read, and whether it must exist."""
    if explicit:
        return explicit, True
    if os.environ.get("FOLDERSTEM_CONFIG"):
        return Path(os.environ["FOLDERSTEM_CONFIG"]), True
    return DEFAULT_FILE.expanduser(), False


def load(explicit: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    path, required = config_path(explicit)
    settings = Settings()
    if required or path.exists():
        source = Source.read(path)
        values: dict[str, Any] = {}
        known = {f.name for f in fields(Settings)} - {"sources"}
        for key, value in source.data.items():
            line = source.line_of(f"{key} =") or source.line_of(key)
            if key not in known:
                source.problem(f"unknown setting '{key}' (known: {', '.join(sorted(known))})", line)
            elif problem := _check(key, value):
                source.problem(problem, line)
            else:
                values[key] = float(value) if isinstance(getattr(settings, key), float) else value
        if source.problems:
            raise ContentError(source.problems)
        settings = replace(settings, **values, sources={k: str(path) for k in values})
    chosen = {k: v for k, v in (overrides or {}).items() if v is not None}
    problems = [Problem(Path("command line"), None, p) for k, v in chosen.items() if (p := _check(k, v))]
    if problems:
        raise ContentError(problems)
    return replace(settings, **chosen, sources={**settings.sources, **{k: "command line" for k in chosen}})
