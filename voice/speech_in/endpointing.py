"""Finding where a spoken question starts and ends in a stream of samples.

Energy against an adaptive noise floor: a frame is speech when it is well above the
quietest recent frames. A question starts after a few speech frames (a click is not a
question) and ends after `end_silence` of non-speech, the pause that ends a question;
a little audio from before the start is kept, so the first syllable is not cut.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from voice.speech_in.audio_files import RATE

FRAME = 480  # 30 ms at 16 kHz
ABOVE_FLOOR_DB = 12.0  # how far above the noise floor speech is
QUIETEST_DB = -45.0  # below this nothing is speech, however quiet the room
LOWEST_FLOOR_DB = -70.0  # digital silence must not drag the floor below any real room
START_FRAMES = 4  # 120 ms of speech starts a question
PRE_ROLL_FRAMES = 10  # 300 ms kept from before the start


@dataclass
class Endpointer:
    end_silence: float = 0.7  # seconds of quiet that end a question
    max_seconds: float = 20.0  # a question longer than this is cut here
    _floor: float = -50.0
    _pending: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _recent: deque = field(default_factory=lambda: deque(maxlen=PRE_ROLL_FRAMES))
    _speech: list = field(default_factory=list)
    _loud_run: int = 0
    _quiet_run: int = 0
    _in_question: bool = False

    @property
    def speaking(self) -> bool:
        return self._in_question

    def feed(self, samples: np.ndarray) -> list[np.ndarray]:
        """Every question that ended within these samples (usually none or one)."""
        self._pending = np.concatenate([self._pending, np.asarray(samples, np.float32)])
        ended = []
        while len(self._pending) >= FRAME:
            frame, self._pending = self._pending[:FRAME], self._pending[FRAME:]
            question = self._frame(frame)
            if question is not None:
                ended.append(question)
        return ended

    def flush(self) -> np.ndarray | None:
        """The question still being spoken when the input ends, if any."""
        if self._in_question and self._speech:
            return self._finish()
        return None

    def _frame(self, frame: np.ndarray) -> np.ndarray | None:
        level = 10 * np.log10(float(np.mean(np.square(frame))) + 1e-12)
        loud = level > max(self._floor + ABOVE_FLOOR_DB, QUIETEST_DB)
        if not loud:  # the floor follows quiet frames quickly and loud ones never
            level = max(level, LOWEST_FLOOR_DB)
            self._floor = 0.9 * self._floor + 0.1 * level if level > self._floor else level
        if not self._in_question:
            self._recent.append(frame)
            self._loud_run = self._loud_run + 1 if loud else 0
            if self._loud_run >= START_FRAMES:
                self._in_question, self._quiet_run = True, 0
                self._speech = list(self._recent)
            return None
        self._speech.append(frame)
        self._quiet_run = 0 if loud else self._quiet_run + 1
        if self._quiet_run * FRAME / RATE >= self.end_silence or len(self._speech) * FRAME / RATE >= self.max_seconds:
            return self._finish()
        return None

    def _finish(self) -> np.ndarray:
        question = np.concatenate(self._speech)
        self._speech, self._in_question, self._loud_run, self._quiet_run = [], False, 0, 0
        self._recent.clear()
        return question
