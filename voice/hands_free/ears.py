"""Where the conversation's sound comes from: the microphone, or a recording of a patient.

The microphone is reopened when it comes back after going away (unplugged, sound server
restarted); a recording is read in pieces, so an hour-long one needs little memory.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile

from voice.audio import resample
from voice.hands_free.events import Event, MicrophoneBack, MicrophoneLost, Sound
from voice.speech_in.audio_files import RATE, AudioError, describe
from voice.speech_in.microphone import Microphone, NoMicrophone

BLOCK = RATE // 10  # 100 ms, as the microphone delivers
READ_SECONDS = 10  # resampled in pieces this long: seams far apart, memory small


class MicrophoneEars:
    """The live microphone. Opening fails with NoMicrophone; later losses become events."""

    def __init__(self, device: str | int | None = None, retry_seconds: float = 1.0):
        self.device = device
        self.retry_seconds = retry_seconds
        self._microphone: Microphone | None = Microphone(device).__enter__()

    def events(self) -> Iterator[Event]:
        while True:
            assert self._microphone is not None, "the microphone is open, or reopened, until close()"
            try:
                for block in self._microphone.blocks():
                    yield Sound(block, self._microphone.waiting())
            except NoMicrophone as error:
                self._close()
                yield MicrophoneLost(str(error))
                self._reopen()
                yield MicrophoneBack()

    def _reopen(self) -> None:
        while self._microphone is None:
            time.sleep(self.retry_seconds)
            try:
                self._microphone = Microphone(self.device).__enter__()
            except NoMicrophone:
                continue

    def _close(self) -> None:
        if self._microphone is not None:
            self._microphone.__exit__(None, None, None)
            self._microphone = None

    def close(self) -> None:
        self._close()


class RecordingEars:
    """A recording played in as if spoken into the microphone; its pauses are the patient's."""

    def __init__(self, path: Path):
        self._info = describe(path)
        self.path = path

    @property
    def seconds(self) -> float:
        return self._info.duration

    def events(self) -> Iterator[Event]:
        rate = self._info.samplerate
        try:
            with soundfile.SoundFile(str(self.path)) as file:
                for piece in file.blocks(blocksize=rate * READ_SECONDS, dtype="float32", always_2d=True):
                    mono = np.nan_to_num(piece.mean(axis=1), nan=0.0, posinf=0.0, neginf=0.0)
                    samples = resample(mono, rate, RATE)
                    for start in range(0, len(samples), BLOCK):
                        yield Sound(samples[start : start + BLOCK])
        except (soundfile.LibsndfileError, RuntimeError, OSError) as error:
            raise AudioError(f"{self.path}: the audio data cannot be read (truncated or damaged?): {error}") from None
