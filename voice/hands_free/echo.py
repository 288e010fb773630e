"""The assistant's own voice in what the microphone hears: put there by a simulated room (to
test a recorded conversation as a loudspeaker and a microphone in one room make it), and
taken out by an echo canceller fed with what the loudspeaker played.

`played(at, count)` gives `count` of the loudspeaker's samples from `at` seconds on the
input's clock.

Only recorded conversations have it for now. For the live microphone the loudspeaker's
samples must be matched to the microphone's to the sample: the times PortAudio reports for
separate output and input streams (through PulseAudio) drift against the samples by about
half a millisecond within seconds, and the canceller never learnt the path from them. That
needs both in one duplex stream, or the sound server's own canceller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np
from scipy.signal import oaconvolve

from voice.hands_free.events import Event, Sound
from voice.speech_in.audio_files import RATE
from voice.speech_in.echo_canceller import EchoCanceller

Played = Callable[[float, int], np.ndarray]


@dataclass(frozen=True)
class Room:
    """A loudspeaker heard by the microphone beside it: late, softer, and reverberant."""

    delay: float = 0.05  # seconds from loudspeaker to microphone, the device's buffers included
    level: float = 0.5  # the echo's loudness against what was played (0.5: 6 dB softer)
    reverberation: float = 0.3  # seconds for the room's reflections to die away (by 60 dB)
    seed: int = 1

    def response(self) -> np.ndarray:
        """The path's impulse response: the direct sound, then decaying reflections."""
        length = round(self.reverberation * RATE)
        reflections = np.random.default_rng(self.seed).standard_normal(length)
        reflections *= np.exp(-6.9 * np.arange(length) / length) * 0.25  # 6.9: ln(1000), 60 dB
        reflections[0] = 1.0
        reflections *= self.level / np.sqrt((reflections**2).sum())
        return np.concatenate([np.zeros(round(self.delay * RATE)), reflections]).astype(np.float32)


def echoed(events: Iterable[Event], room: Room, played: Played) -> Iterator[Event]:
    """The events' sound with the room's echo of what was played on top."""
    response = room.response()
    tail = np.zeros(len(response) - 1, np.float32)  # what was played just before, still echoing
    at = 0
    for event in events:
        if isinstance(event, Sound):
            count = len(event.samples)
            recent = np.concatenate([tail, played(at / RATE, count)])
            echo = oaconvolve(recent, response)[len(tail) : len(tail) + count].astype(np.float32)
            tail, at = recent[count:], at + count
            event = replace(event, samples=event.samples + echo)
        yield event


def cancelled(events: Iterable[Event], canceller: EchoCanceller, played: Played) -> Iterator[Event]:
    """The events' sound without the echo of what was played."""
    at = 0
    for event in events:
        if isinstance(event, Sound):
            count = len(event.samples)
            cleaned = canceller.cancel(event.samples, played(at / RATE, count))
            event = replace(event, samples=cleaned, echo_cancelled=canceller.settled)
            at += count
        yield event
