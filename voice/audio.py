"""Sound as the assistant handles it: mono float32 samples at a rate, brought to another rate
and joined one piece after another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

import numpy as np


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # mono float32 in [-1, 1]
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Float32 samples at `target` from `rate` (polyphase resampling keeps speech clean)."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    # Imported only here: scipy's signal package costs 46 MB of memory, and the assistant
    # hears and speaks at rates that need no resampling (16 kHz in, the voice's rate out).
    from scipy.signal import resample_poly

    divisor = gcd(rate, target)
    return resample_poly(samples, target // divisor, rate // divisor).astype(np.float32)


def join(pieces: Sequence[Audio], pause: float, rate: int) -> Audio:
    """The pieces one after the other at `rate`, with `pause` seconds of silence between them."""
    gap = np.zeros(int(pause * rate), np.float32)
    parts = [part for piece in pieces for part in (resample(piece.samples, piece.rate, rate), gap)][:-1]
    return Audio(np.concatenate(parts) if parts else np.zeros(0, np.float32), rate)


KNEE = 0.8  # above this level a louder voice is bent softly under full scale instead of clipped


def amplified(audio: Audio, gain: float) -> Audio:
    """The audio `gain` times as loud; peaks pushed past the knee are bent softly below 1
    (a clipped voice crackles), so loud speech stays clear to a patient hard of hearing."""
    if gain == 1.0:
        return audio
    samples = audio.samples * np.float32(gain)
    over = np.abs(samples) > KNEE
    if over.any():
        excess = (np.abs(samples[over]) - KNEE) / (1 - KNEE)
        samples[over] = np.sign(samples[over]) * (KNEE + (1 - KNEE) * np.tanh(excess))
    return Audio(samples.astype(np.float32, copy=False), audio.rate)
