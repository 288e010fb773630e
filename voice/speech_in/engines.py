"""Choosing and opening a recogniser: the model loads once, and a missing one says how to get it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from voice import vocabulary
from voice.language import Language
from voice.leaflet import Leaflet
from voice.models.catalogue import ModelError, installed_path, supported
from voice.models.verify import check
from voice.speech_in.recogniser import Recogniser

ENGINES = {"vosk": "vosk-nl", "whisper": "whisper-base"}


class EngineUnavailable(Exception):
    """No usable model for the engine; the message names the command that installs one."""


def _ready(model: str) -> bool:
    spec = next((s for s in supported() if s.name == model), None)
    return spec is not None and installed_path(spec).is_dir() and not check(spec, installed_path(spec))


def default_engine() -> str:
    """Vosk where its Dutch model is installed (small, streaming), else Whisper."""
    return "vosk" if _ready(ENGINES["vosk"]) else "whisper"


def _installed(model: str) -> Path:
    spec = next((s for s in supported() if s.name == model), None)
    if spec is None:
        raise EngineUnavailable(f"the {model} model is not supported here (no pins for it)")
    folder = installed_path(spec)
    if not folder.is_dir():
        raise EngineUnavailable(
            f"the {model} model is not installed; install it with: folderstem models install {model}"
        )
    if check(spec, folder):
        raise EngineUnavailable(
            f"the {model} model in {folder} is damaged; reinstall it with: folderstem models install {model}"
        )
    return folder


def open_recogniser(
    engine: str,
    phrases: Sequence[str],
    hint: str = "",
    folder: Path | None = None,
    expected: vocabulary.Expected | None = None,
) -> Recogniser:
    """`folder`: an operator's own model for the engine instead of the pinned one (not verified);
    `expected`: the sentences a recogniser that takes a prompt reads each utterance expecting."""
    model = ENGINES[engine]
    if folder is None:
        folder = _installed(model)
    elif not folder.is_dir():
        raise EngineUnavailable(f"the model folder {folder} does not exist")
    try:
        if engine == "whisper":
            from voice.speech_in.whisper import WhisperRecogniser

            return WhisperRecogniser(folder, phrases, hint, expected=expected)
        from voice.speech_in.vosk import VoskRecogniser

        return VoskRecogniser(folder, phrases)
    except (RuntimeError, OSError, ValueError, ModelError) as error:
        raise EngineUnavailable(f"the {model} model cannot be loaded: {error}") from None


def recogniser_for(engine: str | None, leaflet: Leaflet, language: Language, folder: Path | None = None) -> Recogniser:
    """A recogniser tuned to what this leaflet's patients say; `None` chooses the default engine."""
    return open_recogniser(
        engine or default_engine(),
        vocabulary.phrases(leaflet, language),
        vocabulary.hint(leaflet, language),
        folder,
        vocabulary.expected(leaflet),
    )
