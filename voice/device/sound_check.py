"""Measuring the microphone and speaker the way a technician needs: levels in dBFS, and a tone heard back.

Uses the assistant's own microphone and player (`voice.speech_in.microphone`,
`voice.speech_out.playback`), so what passes here is what the conversation will use.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import sounddevice

from voice.audio import Audio
from voice.speech_in.audio_files import RATE
from voice.speech_in.microphone import Microphone
from voice.speech_out.playback import Player

FRAME = RATE // 20  # 50 ms frames for levels
SILENT_DBFS = -100.0  # what digital silence is reported as


@dataclass(frozen=True)
class Levels:
    """A recording's noise floor (its quiet frames) and loudest frame, in dB below full scale."""

    floor: float
    loudest: float
    digital_silence: bool  # every sample exactly zero: muted, or nothing connected

    def __str__(self) -> str:
        return f"noise floor {self.floor:.0f} dBFS, loudest {self.loudest:.0f} dBFS"


def dbfs(rms: np.ndarray) -> np.ndarray:
    return np.asarray(20 * np.log10(np.maximum(rms, 10 ** (SILENT_DBFS / 20))))


def levels(samples: np.ndarray) -> Levels:
    usable = max(FRAME, len(samples) // FRAME * FRAME)
    frames = np.resize(samples, usable).reshape(-1, FRAME) if len(samples) else np.zeros((1, FRAME))
    loudness = dbfs(np.sqrt(np.mean(np.square(frames), axis=1)))
    return Levels(float(np.percentile(loudness, 10)), float(loudness.max()), not np.any(samples))


def tone_levels(samples: np.ndarray, frequency: float) -> np.ndarray:
    """The level of one frequency in each 50 ms frame, in dBFS: a tone stands out of broadband noise."""
    usable = len(samples) // FRAME * FRAME
    frames = samples[:usable].reshape(-1, FRAME)
    phasor = np.exp(-2j * np.pi * frequency * np.arange(FRAME) / RATE)
    return dbfs(np.abs(frames @ phasor) * np.sqrt(2) / FRAME)


def device_name(device: str | int | None, kind: str) -> str:
    try:
        return str(sounddevice.query_devices(device, kind)["name"])
    except (sounddevice.PortAudioError, ValueError):
        return str(device or f"the default {kind}")


def no_devices(kind: str) -> bool:
    """No sound device of this kind ("input" or "output") at all: the sound server is not running, or no card."""
    try:
        return not any(found[f"max_{kind}_channels"] > 0 for found in sounddevice.query_devices())
    except sounddevice.PortAudioError:
        return True


def record(device: str | int | None, seconds: float) -> tuple[np.ndarray, int]:
    """`seconds` of 16 kHz sound from the microphone, and the rate the device was opened at.

    NoMicrophone when it cannot be opened or delivers nothing."""
    with Microphone(device) as microphone:
        return _collect(microphone, seconds), microphone.rate


def _collect(microphone: Microphone, seconds: float, until: threading.Event | None = None) -> np.ndarray:
    blocks: list[np.ndarray] = []
    wanted = int(seconds * RATE)
    for block in microphone.blocks():
        blocks.append(block)
        if sum(len(b) for b in blocks) >= wanted and (until is None or until.is_set()):
            break
    return np.concatenate(blocks)


def play(device: str | int | None, sound: Audio) -> bool:
    """NoSoundDevice when there is no speaker; False when playback stopped short."""
    return Player(device).play([sound])


def play_and_listen(speaker: str | int | None, microphone: str | int | None, sound: Audio) -> np.ndarray:
    """What the microphone hears from half a second before the sound until half a second after it."""
    played = threading.Event()
    failure: list[Exception] = []

    def playing() -> None:
        try:
            time.sleep(0.5)
            play(speaker, sound)
            time.sleep(0.5)
        except Exception as error:  # reported in the caller's thread
            failure.append(error)
        finally:
            played.set()

    with Microphone(microphone) as heard:
        thread = threading.Thread(target=playing, daemon=True)
        thread.start()
        samples = _collect(heard, sound.seconds + 1.0, until=played)
        thread.join(5)
    if failure:
        raise failure[0]
    return samples
