"""Hearing a test set's recordings through a real recogniser, with noise mixed in where asked."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from voice.evaluation.cases import Case
from voice.evaluation.noise import mix
from voice.evaluation.runner import Hearing
from voice.hearing import Heard
from voice.speech_in import audio_files
from voice.speech_in.recogniser import Recogniser

NOISE_SECONDS = 3600.0


@lru_cache(maxsize=8)
def _noise(path: Path) -> np.ndarray:
    return audio_files.read(path, max_seconds=NOISE_SECONDS)


def samples(path: Path, case_id: str, noise: Path | None = None, snr_db: float | None = None) -> np.ndarray:
    """A case's recording, with the noise mixed in at `snr_db` from an offset seeded by the
    case id, so that every run (and every benchmark) hears the same mix."""
    found = audio_files.read(path)
    if noise is not None and snr_db is not None:
        found = mix(found, _noise(noise), audio_files.RATE, snr_db, seed=zlib.crc32(case_id.encode()))
    return found


class RecordingHearer:
    def __init__(self, recogniser: Recogniser):
        self.recogniser = recogniser
        self.name = recogniser.name

    def hear(self, case: Case, noise: Path | None, snr_db: float | None) -> Hearing:
        if case.audio is None:
            return Hearing(Heard(()), error=f"{case.id}: the set gives no recording")
        try:
            audio = samples(case.audio, case.id, noise, snr_db)
        except (audio_files.AudioError, ValueError) as error:
            return Hearing(Heard(()), error=str(error))
        return Hearing(self.recogniser.recognise(audio), len(audio) / audio_files.RATE)
