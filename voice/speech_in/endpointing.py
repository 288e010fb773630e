"""Finding where a spoken question starts and ends in a stream of samples.

A voice-activity detector judges each frame. A question starts after `START_SECONDS` of
speech frames (a click is not a question) and ends after `end_silence` of non-speech,
the pause that ends a question; the detector's `pre_roll` of audio from before the start
is kept, so the first syllable is not cut, and `hold` of the quiet after the speech, so
its last sound is not either.

The question is known `hold` after the patient stops, before the pause has ended it:
`tentative` offers it then, so that it can be heard while the pause goes on. It is the
very question handed over if nothing more is said.

Only the foreground voice goes on with a question: a frame more than `foreground_db`
below the question's loudest is not speech of it, so background talk (a television,
people in the room), which a detector rightly calls speech, does not hold a question
open after the patient stops.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from voice.speech_in.audio_files import RATE
from voice.speech_in.voice_activity import VoiceActivity, default_activity, level_db

START_SECONDS = 0.12  # this much speech starts a question


def _frames(seconds: float, frame: int) -> int:
    return max(1, round(seconds * RATE / frame))


@dataclass(frozen=True)
class Question:
    """A question handed over, and how long before that it ended."""

    samples: np.ndarray
    quiet_after: float  # seconds of the pause that ended it, heard after the samples and not kept


@dataclass
class Endpointer:
    end_silence: float = 0.7  # seconds of quiet that end a question
    hold: float = 0.25  # seconds of that quiet kept with the question (at most end_silence)
    max_seconds: float = 20.0  # a question longer than this is cut here
    activity: VoiceActivity = field(default_factory=default_activity)
    foreground_db: float = 10.0  # a frame this far below the question's loudest does not go on with it
    _pending: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _recent: deque = field(init=False)
    _speech: list = field(default_factory=list)
    _speech_run: int = 0
    _quiet_run: int = 0
    _in_question: bool = False
    _loudest: float = -np.inf  # dB of the question's loudest speech frame
    _tentative: np.ndarray | None = None

    def __post_init__(self) -> None:
        self._recent = deque(maxlen=_frames(self.activity.pre_roll, self.activity.frame))
        self._hold = _frames(min(self.hold, self.end_silence), self.activity.frame)

    @property
    def speaking(self) -> bool:
        return self._in_question

    @property
    def tentative(self) -> np.ndarray | None:
        """The question as it will be handed over if the pause now under way ends it; None
        while the patient speaks, and when no question is under way."""
        return self._tentative

    def feed(self, samples: np.ndarray) -> list[Question]:
        """Every question that ended within these samples (usually none or one)."""
        self._pending = np.concatenate([self._pending, np.asarray(samples, np.float32)])
        frame_length = self.activity.frame
        ended = []
        while len(self._pending) >= frame_length:
            frame, self._pending = self._pending[:frame_length], self._pending[frame_length:]
            question = self._frame(frame)
            if question is not None:
                ended.append(question)
        return ended

    def flush(self) -> Question | None:
        """The question still being spoken when the input ends, if any."""
        if self._in_question and self._speech:
            return self._finish()
        return None

    def _frame(self, frame: np.ndarray) -> Question | None:
        speech = self.activity.speech(frame, self._in_question)
        if not self._in_question:
            self._recent.append(frame)
            self._speech_run = self._speech_run + 1 if speech else 0
            if self._speech_run >= _frames(START_SECONDS, len(frame)):
                self._in_question, self._quiet_run = True, 0
                self._speech = list(self._recent)
                self._loudest = max(level_db(f) for f in self._speech[-self._speech_run :])
            return None
        self._speech.append(frame)
        level = level_db(frame)
        if speech:
            self._loudest = max(self._loudest, level)
        foreground = speech and level >= self._loudest - self.foreground_db
        self._quiet_run = 0 if foreground else self._quiet_run + 1
        if self._quiet_run == self._hold:
            self._tentative = np.concatenate(self._speech)
        elif self._quiet_run == 0:
            self._tentative = None
        if (
            self._quiet_run * len(frame) / RATE >= self.end_silence
            or len(self._speech) * len(frame) / RATE >= self.max_seconds
        ):
            return self._finish()
        return None

    def _finish(self) -> Question:
        dropped = max(0, self._quiet_run - self._hold)  # the quiet after `hold` is not kept
        question = Question(
            np.concatenate(self._speech[: len(self._speech) - dropped]), dropped * self.activity.frame / RATE
        )
        self._speech, self._in_question, self._speech_run, self._quiet_run = [], False, 0, 0
        self._loudest = -np.inf
        self._recent.clear()
        self._tentative = None
        return question
