from __future__ import annotations

import pytest

from support import CONTENT
from voice.dialogue import Skill


@pytest.fixture(scope="session")
def skill() -> Skill:
    return Skill.load(CONTENT)


@pytest.fixture(scope="session")
def whisper(skill):
    """faster-whisper with Whisper base, loaded once; skips where the model cannot be had."""
    from voice.speech_in.engines import EngineUnavailable, recogniser_for

    try:
        return recogniser_for("whisper", skill.leaflet, skill.language)
    except EngineUnavailable as error:
        pytest.skip(str(error))
