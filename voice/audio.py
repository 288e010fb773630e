"""Sound as the assistant handles it: mono float32 samples at a rate, brought to another rate
and joined one piece after another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd

import numpy as np
from scipy.signal import resample_poly


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
    divisor = gcd(rate, target)
    return resample_poly(samples, target // divisor, rate // divisor).astype(np.float32)


def join(pieces: Sequence[Audio], pause: float, rate: int) -> Audio:
    """The pieces one after the other at `rate`, with `pause` seconds of silence between them."""
    gap = np.zeros(int(pause * rate), np.float32)
    parts = [part for piece in pieces for part in (resample(piece.samples, piece.rate, rate), gap)][:-1]
    return Audio(np.concatenate(parts) if parts else np.zeros(0, np.float32), rate)
