"""The microphone through sounddevice (PortAudio), as 16 kHz mono blocks."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import numpy as np
import sounddevice

from voice.audio import resample
from voice.speech_in.audio_files import RATE

BLOCK_SECONDS = 0.1


class NoMicrophone(Exception):
    """No usable microphone: the message says what was tried (for the operator)."""


class Microphone:
    """Open with `with`; `blocks()` yields float32 blocks at 16 kHz until closed.

    16 kHz is asked for first; a device that cannot do it is opened at its own rate and
    resampled here.
    """

    def __init__(self, device: str | int | None = None):
        self.device = device or None
        self._blocks: queue.Queue[np.ndarray] = queue.Queue()
        self._stream: sounddevice.InputStream | None = None
        self.rate = RATE

    def __enter__(self) -> Microphone:
        try:
            sounddevice.query_devices(self.device, "input")
        except (sounddevice.PortAudioError, ValueError) as error:
            raise NoMicrophone(f"no microphone ({self.device or 'the default input'}): {error}") from None
        for rate in (RATE, None):
            try:
                rate = rate or int(sounddevice.query_devices(self.device, "input")["default_samplerate"])
                self._stream = sounddevice.InputStream(
                    samplerate=rate,
                    channels=1,
                    dtype="float32",
                    device=self.device,
                    blocksize=int(rate * BLOCK_SECONDS),
                    callback=self._arrived,
                )
                self._stream.start()
                self.rate = rate
                return self
            except sounddevice.PortAudioError as error:
                failure = error
        raise NoMicrophone(f"the microphone cannot be opened: {failure}")

    def __exit__(self, *_exc: object) -> None:
        if self._stream is not None:
            try:
                self._stream.abort()
                self._stream.close()
            except sounddevice.PortAudioError:  # a device that is gone may fail to close: it is closed
                pass
            self._stream = None

    def _arrived(self, indata: np.ndarray, _frames: int, _time: object, _status: object) -> None:
        self._blocks.put(indata[:, 0].copy())

    def waiting(self) -> float:
        """Seconds of sound captured and not yet taken by `blocks()`."""
        return self._blocks.qsize() * BLOCK_SECONDS

    def blocks(self, timeout: float = 2.0) -> Iterator[np.ndarray]:
        """Blocks as they come; ends with NoMicrophone if the device stops delivering."""
        while True:
            try:
                block = self._blocks.get(timeout=timeout)
            except queue.Empty:
                raise NoMicrophone("the microphone stopped delivering sound") from None
            yield resample(block, self.rate, RATE)
