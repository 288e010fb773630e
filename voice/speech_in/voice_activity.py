"""Whether a short frame of sound is speech: the detectors the endpointer can ask.

Silero VAD (the ONNX model faster-whisper ships, run by onnxruntime) tells a voice from
a kitchen or a running tap; the energy detector only tells loud from quiet, and is kept
for a device where the model cannot be loaded. benchmarks/voice_activity.py measured
them (and pymicro-vad, which lost).
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

SILERO_FILE = Path("assets") / "silero_vad_v6.onnx"  # inside the faster_whisper package
SILERO_FRESH_AFTER = 16  # quiet frames (0.5 s) without speech, after which Silero's state starts afresh
QUIET_DB = -50.0  # a frame below this is a quiet room's


def level_db(frame: np.ndarray) -> float:
    """The frame's mean power in dB (full scale 0 dB)."""
    return 10 * np.log10(float(np.mean(np.square(frame))) + 1e-12)


class VoiceActivity(Protocol):
    """Decides frame by frame; `continuing` says a question is under way (the bar to go on is lower)."""

    frame: int  # samples per decision, at 16 kHz (the only rate the detectors take)
    pre_roll: float  # seconds to keep from before a question's start: how late the detector may be sure

    def speech(self, frame: np.ndarray, continuing: bool) -> bool: ...


class DetectorUnavailable(Exception):
    """The detector cannot be loaded here; the message says why, for the operator."""


@dataclass
class EnergyActivity:
    """Speech is sound well above the quietest recent frames: loud, not necessarily a voice."""

    frame: int = 480  # 30 ms
    pre_roll: float = 0.3
    above_floor_db: float = 12.0  # how far above the noise floor speech is
    quietest_db: float = -45.0  # below this nothing is speech, however quiet the room
    lowest_floor_db: float = -70.0  # digital silence must not drag the floor below any real room
    _floor: float = -50.0

    def speech(self, frame: np.ndarray, continuing: bool) -> bool:
        level = level_db(frame)
        loud = level > max(self._floor + self.above_floor_db, self.quietest_db)
        if not loud:  # the floor follows quiet frames quickly and loud ones never
            level = max(level, self.lowest_floor_db)
            self._floor = 0.9 * self._floor + 0.1 * level if level > self._floor else level
        return loud


@dataclass
class Thresholds:
    """Speech probability that starts a question, and the lower one that keeps it going."""

    start: float = 0.5
    keep: float = 0.35

    def passed(self, probability: float, continuing: bool) -> bool:
        return probability >= (self.keep if continuing else self.start)


def silero_model() -> Path:
    """Silero VAD's ONNX file as faster-whisper installs it, without importing faster-whisper."""
    spec = importlib.util.find_spec("faster_whisper")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorUnavailable("faster-whisper is not installed, and with it Silero VAD's model")
    path = Path(next(iter(spec.submodule_search_locations))) / SILERO_FILE
    if not path.is_file():
        raise DetectorUnavailable(f"Silero VAD's model is missing from faster-whisper ({path})")
    return path


@functools.cache
def _silero_session() -> Any:
    """One onnxruntime session for every detector: the recurrent state is the detector's, not the session's."""
    try:
        import onnxruntime
    except ImportError:
        raise DetectorUnavailable("onnxruntime, which runs Silero VAD, is not installed") from None
    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = options.intra_op_num_threads = 1  # a frame is too small to share out
    options.log_severity_level = 4
    return onnxruntime.InferenceSession(str(silero_model()), sess_options=options, providers=["CPUExecutionProvider"])


def _fresh_state() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32)


@dataclass
class SileroActivity:
    """Silero VAD v6, one 32 ms frame at a time, its recurrent state carried from frame to frame.

    The state starts afresh after half a second of quiet without speech: over a long silence it
    drifts and hears the next voice late (after 36 s of silence, the first 0.7 s of "mag ik
    werken"). Not after noise: there the state's memory of it is what keeps a clatter from
    starting a question.
    """

    frame: int = 512
    pre_roll: float = 0.8  # sure of "tot ziens" only after its "t" (and Whisper then heard "stop, ziens")
    thresholds: Thresholds = field(default_factory=Thresholds)
    _session: Any = field(default_factory=_silero_session)
    _context: np.ndarray = field(default_factory=lambda: np.zeros(64, np.float32))  # the model sees 64 samples back
    _state: tuple[np.ndarray, np.ndarray] = field(default_factory=_fresh_state)
    _without_speech: int = 0

    def speech(self, frame: np.ndarray, continuing: bool) -> bool:
        window = np.concatenate([self._context, frame]).astype(np.float32)[None, :]
        h, c = self._state
        found, h, c = self._session.run(None, {"input": window, "h": h, "c": c})
        probability = float(found[0])
        self._state, self._context = (h, c), window[0, -len(self._context) :]
        quiet = level_db(frame) < QUIET_DB
        self._without_speech = self._without_speech + 1 if quiet and probability < self.thresholds.keep else 0
        if self._without_speech >= SILERO_FRESH_AFTER:
            self._state, self._without_speech = _fresh_state(), 0
        return self.thresholds.passed(probability, continuing)


def default_activity() -> VoiceActivity:
    """Silero VAD; the energy detector, after telling the operator why, where it cannot be loaded."""
    try:
        return SileroActivity()
    except DetectorUnavailable as error:
        _tell_operator(
            f"voice detection falls back to loudness ({error}): noise and background talk may start "
            "questions or hold them open. Reinstall faster-whisper, which brings onnxruntime and the model."
        )
        return EnergyActivity()


@functools.cache
def _tell_operator(message: str) -> None:
    """Once per process: every endpointer made after it falls back the same way."""
    print(f"folderstem: {message}", file=sys.stderr, flush=True)
