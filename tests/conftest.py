from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import pulse
from support import CONTENT
from voice.dialogue import Skill
from voice.loading import load_skill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from voice.speech_in.whisper import WhisperRecogniser


@pytest.fixture(scope="session")
def skill() -> Skill:
    return load_skill(CONTENT)


@pytest.fixture(scope="session")
def whisper(skill: Skill) -> WhisperRecogniser:
    """faster-whisper with Whisper base, loaded once; skips where the model cannot be had."""
    from voice.speech_in.engines import EngineUnavailable, recogniser_for
    from voice.speech_in.whisper import WhisperRecogniser

    try:
        recogniser = recogniser_for("whisper", skill.leaflet, skill.language)
    except EngineUnavailable as error:
        pytest.skip(str(error))
    assert isinstance(recogniser, WhisperRecogniser)
    return recogniser


@pytest.fixture
def sound_system(tmp_path: Path) -> Iterator[pulse.PulseServer]:
    """A private PulseAudio server with a speaker and a microphone sink; skips where it cannot run."""
    reason = pulse.available()
    if reason:
        pytest.skip(reason)
    folder = tmp_path / "pulse"
    folder.mkdir()
    server = pulse.PulseServer(folder, sinks=("speaker", "mic"))
    yield server
    server.stop()
