"""Recordings in any common format, rate and channel count, as the 16 kHz mono the recognisers want."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from voice.audio import resample

RATE = 16000
MAX_SECONDS = 120.0  # a question is seconds long; an hour of audio is a mistake, not a question


class AudioError(Exception):
    """Audio that cannot be used. `str()` is for the operator; `patient` is what to say."""

    patient = "Ik kon die opname niet gebruiken."


def describe(path: Path) -> soundfile._SoundFileInfo:
    """The recording's format, rate and length, or an AudioError saying why it cannot be used."""
    try:
        info = soundfile.info(str(path))
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file") from None
    except (soundfile.LibsndfileError, RuntimeError, OSError) as error:
        raise AudioError(f"{path}: not a readable audio file (WAV, FLAC, OGG): {error}") from None
    if info.samplerate <= 0:
        raise AudioError(f"{path}: the file gives no sample rate")
    return info


def read(path: Path, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """The recording as 16 kHz mono float32 in [-1, 1]; an empty file gives no samples."""
    info = describe(path)
    if info.duration > max_seconds:
        raise AudioError(f"{path}: {info.duration:.0f} s long; a question may be at most {max_seconds:.0f} s")
    try:
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, OSError) as error:
        raise AudioError(f"{path}: the audio data cannot be read (truncated or damaged?): {error}") from None
    mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
    if not np.all(np.isfinite(mono)):
        raise AudioError(f"{path}: the audio holds invalid sample values")
    return resample(mono, rate, RATE)


def pcm16(samples: np.ndarray) -> np.ndarray:
    """Float samples as 16-bit PCM, clipped: what speech libraries written in C take."""
    return (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
