"""Hearing a test set's recordings through a real recogniser, with noise mixed in where asked."""
from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

from voice.evaluation.cases import Case
from voice.evaluation.noise import mix
from voice.evaluation.runner import Hearing
from voice.hearing import Heard
from voice.speech_in import audio_files
from voice.speech_in.recogniser import Recogniser

NOISE_SECONDS = 3600.0


@lru_cache(maxsize=8)
def _noise(path: Path):
    return audio_files.read(path, max_seconds=NOISE_SECONDS)


class RecordingHearer:
    def __init__(self, recogniser: Recogniser):
        self.recogniser = recogniser
        self.name = recogniser.name

    def hear(self, case: Case, noise: Path | None, snr_db: float | None) -> Hearing:
        if case.audio is None:
            return Hearing(Heard(()), error=f"{case.id}: the set gives no recording")
        try:
            samples = audio_files.read(case.audio)
            if noise is not None and snr_db is not None:
                samples = mix(samples, _noise(noise), audio_files.RATE, snr_db, seed=zlib.crc32(case.id.encode()))
        except (audio_files.AudioError, ValueError) as error:
            return Hearing(Heard(()), error=str(error))
        return Hearing(self.recogniser.recognise(samples), len(samples) / audio_files.RATE)
