"""Background noise mixed at a chosen SNR, measured on the power of the active speech.

As in Picovoice's speech-to-intent benchmark: the speech power is that of the frames
above -40 dB of the loudest frame, so that leading and trailing silence (which
differs from file to file) does not change what an SNR means.
"""

from __future__ import annotations

import numpy as np

FRAME_SECONDS = 0.02
ACTIVE_BELOW_LOUDEST_DB = 40.0


def _frame_powers(speech: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    """The mean power of each whole frame, and the frame length in samples."""
    frame = max(1, int(rate * FRAME_SECONDS))
    usable = len(speech) // frame * frame
    return np.mean(np.square(speech[:usable].reshape(-1, frame), dtype=np.float64), axis=1), frame


def _active(powers: np.ndarray) -> np.ndarray:
    """Which frames are within 40 dB of the loudest (none, for silence)."""
    loudest = powers.max(initial=0.0)
    return (powers >= loudest * 10 ** (-ACTIVE_BELOW_LOUDEST_DB / 10)) & (loudest > 0)


def active_power(speech: np.ndarray, rate: int) -> float:
    """Mean power of the frames within 40 dB of the loudest; 0 for silence."""
    powers, _ = _frame_powers(speech, rate)
    if len(powers) == 0:
        return float(np.mean(np.square(speech, dtype=np.float64))) if len(speech) else 0.0
    active = powers[_active(powers)]
    return float(active.mean()) if len(active) else 0.0


def active_span(speech: np.ndarray, rate: int) -> tuple[float, float] | None:
    """Seconds from the start of the first active frame to the end of the last; None for silence."""
    powers, frame = _frame_powers(speech, rate)
    where = np.flatnonzero(_active(powers))
    if len(where) == 0:
        return None
    return where[0] * frame / rate, (where[-1] + 1) * frame / rate


def mix(speech: np.ndarray, noise: np.ndarray, rate: int, snr_db: float, seed: int = 0) -> np.ndarray:
    """Speech plus a stretch of noise (looped if short, from a seeded offset) at `snr_db`.

    Both are float arrays in [-1, 1] at the same rate; if the sum would clip, the whole
    mix is scaled down, which keeps the SNR.
    """
    if len(speech) == 0:
        return speech.astype(np.float32)
    if len(noise) == 0 or not np.any(noise):
        raise ValueError("the noise is empty or silent")
    start = np.random.default_rng(seed).integers(0, len(noise))
    repeats = int(np.ceil((start + len(speech)) / len(noise)))
    stretch = np.tile(noise, repeats)[start : start + len(speech)].astype(np.float64)
    speech_power = active_power(speech, rate)
    noise_power = float(np.mean(np.square(stretch)))
    if speech_power == 0 or noise_power == 0:
        return speech.astype(np.float32)
    gain = np.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))
    mixed = speech.astype(np.float64) + gain * stretch
    peak = np.max(np.abs(mixed))
    if peak > 1:
        mixed /= peak
    return mixed.astype(np.float32)
