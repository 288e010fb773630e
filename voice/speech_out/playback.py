"""Playing speech through sounddevice (PortAudio): first sentence first, and silent at once on stop.

Pieces are played as they arrive, so synthesis of the next sentence overlaps playback of
this one. A stop request, from any thread, silences the output within one short block
and drops what is queued; a device that fails mid-sentence ends playback, not the program.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable

import numpy as np
import sounddevice

from voice.audio import Audio, resample

BLOCK_SECONDS = 0.02  # one block of output: how long a stop request may take to be heard
GAP_SECONDS = 0.25  # pause between sentences


class NoSoundDevice(Exception):
    """No usable speaker: the message says what was tried (for the operator)."""


def output_device(device: str | int | None) -> int | str | None:
    """Check there is an output device before speaking; NoSoundDevice if there is none."""
    try:
        sounddevice.query_devices(device, "output")
    except (sounddevice.PortAudioError, ValueError) as error:
        wanted = f"'{device}'" if device not in (None, "") else "the default output"
        raise NoSoundDevice(f"no sound output device ({wanted}): {error}") from None
    return device


class Player:
    def __init__(self, device: str | int | None = None):
        self.device = output_device(device or None)
        self._stop = threading.Event()
        self.stopped_at: float | None = None

    def stop(self) -> None:
        """Silence the speech now (safe from any thread)."""
        if not self._stop.is_set():
            self.stopped_at = time.monotonic()
            self._stop.set()

    def play(self, pieces: Iterable[Audio], on_first_sound: Callable[[], None] | None = None) -> bool:
        """Play every piece; False if stopped or the device failed before the end."""
        self._stop.clear()
        incoming: queue.Queue[np.ndarray | None] = queue.Queue()
        pieces = iter(pieces)
        try:
            first = next(pieces)
        except StopIteration:
            return True
        rate = first.rate
        block = max(64, int(rate * BLOCK_SECONDS))
        gap = np.zeros(int(rate * GAP_SECONDS), np.float32)

        def produce() -> None:
            incoming.put(first.samples)
            for piece in pieces:
                if self._stop.is_set():
                    break
                incoming.put(gap)
                incoming.put(resample(piece.samples, piece.rate, rate))
            incoming.put(None)

        buffer = np.zeros(0, np.float32)
        finished = threading.Event()
        drained = threading.Event()
        sounded = threading.Event()
        ended = False

        def callback(outdata: np.ndarray, frames: int, _time: object, _status: object) -> None:
            nonlocal buffer, ended
            if self._stop.is_set():  # silence now; the playing thread aborts the stream
                outdata.fill(0)
                return
            while len(buffer) < frames and not ended:
                try:
                    item = incoming.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    ended = True
                else:
                    buffer = np.concatenate([buffer, item])
            take = min(frames, len(buffer))
            outdata[:take, 0] = buffer[:take]
            outdata[take:, 0] = 0
            buffer = buffer[take:]
            if take and not sounded.is_set():
                sounded.set()
                if on_first_sound:
                    on_first_sound()
            if ended and not len(buffer):
                drained.set()

        producer = threading.Thread(target=produce, daemon=True)
        producer.start()
        try:
            with sounddevice.OutputStream(
                samplerate=rate,
                channels=1,
                dtype="float32",
                blocksize=block,
                latency="low",
                device=self.device,
                callback=callback,
                finished_callback=finished.set,
            ) as stream:
                while not finished.wait(0.01):
                    if self._stop.is_set():
                        stream.abort()  # drop what the device still has queued
                        break
                    if drained.is_set():
                        # Everything is written: let the device play its buffer, then close
                        # without a drain (which can hang on for seconds through ALSA's pulse plugin).
                        time.sleep(stream.latency + BLOCK_SECONDS)
                        stream.abort()
                        break
                    if not stream.active:
                        break
        except sounddevice.PortAudioError as error:
            raise NoSoundDevice(f"the sound output failed: {error}") from None
        return not self._stop.is_set() and ended
