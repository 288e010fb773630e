"""Short sounds the hands-free loop plays instead of words: generated here, never downloaded.

Rising means "I am listening", falling means "I did not understand": the direction
carries the meaning for a listener who does not catch words, and both are soft.
"""

from __future__ import annotations

import numpy as np

from voice.audio import Audio, join

RATE = 22050
LEVEL = 0.3


def tone(frequency: float, seconds: float) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    envelope = np.minimum(1.0, np.minimum(t, seconds - t) / 0.015)  # 15 ms fades: no clicks
    return (LEVEL * envelope * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def _sequence(*frequencies: float) -> Audio:
    return join([Audio(tone(f, 0.09), RATE) for f in frequencies], 0.03, RATE)


def listening() -> Audio:
    return _sequence(660.0, 880.0)


def not_understood() -> Audio:
    return _sequence(440.0, 330.0)


TEST_FREQUENCY = 1000.0


def test_tone() -> Audio:
    """A steady half-second tone: the doctor plays it to hear that the speaker works."""
    return Audio(tone(TEST_FREQUENCY, 0.5), RATE)
