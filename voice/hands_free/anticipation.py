"""Hearing a question while the pause that ends it goes on.

The endpointer knows the question a moment after the patient stops, well before the pause
has ended it (`Endpointer.tentative`). Heard from then on, its answer is ready sooner;
if the patient goes on, that hearing is not wanted any more: it stops at its next step,
so that the hearing of the whole question does not wait for it. Every hearing runs on
one worker thread, one after another: a recogniser hears one utterance at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from voice.hearing import Heard
from voice.speech_in.recogniser import Wanted

Hear = Callable[[np.ndarray], Heard]
HearUnlessDropped = Callable[[np.ndarray, Wanted], Heard]


@dataclass(frozen=True)
class _Ahead:
    hear: Callable[..., Heard]  # compared with the one asked for by `heard`
    samples: np.ndarray
    heard: Future[Heard]
    dropped: threading.Event = field(default_factory=threading.Event)

    def drop(self) -> None:
        self.dropped.set()
        self.heard.cancel()


class Anticipation:
    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearing")
        self._ahead: _Ahead | None = None

    def start(self, hear: HearUnlessDropped, samples: np.ndarray) -> None:
        """Begin to hear `samples`, unless they are being heard already; a hearing begun for
        other samples is dropped."""
        ahead = self._ahead
        if ahead is not None:
            if ahead.samples is samples and ahead.hear == hear:
                return
            ahead.drop()
        dropped = threading.Event()
        future = self._worker.submit(hear, samples, lambda: not dropped.is_set())
        self._ahead = _Ahead(hear, samples, future, dropped)

    def drop(self) -> None:
        """What is being heard ahead is not wanted (the patient went on)."""
        if self._ahead is not None:
            self._ahead.drop()
            self._ahead = None

    def heard(self, hear: Hear, samples: np.ndarray) -> Heard:
        """How `samples` are heard by `hear`: by the hearing begun ahead when it is of them,
        otherwise now (a hearing ahead of other samples is dropped). A recogniser's error is
        raised here."""
        ahead = self._ahead
        if ahead is not None and ahead.hear == hear and np.array_equal(ahead.samples, samples):
            self._ahead = None
            return ahead.heard.result()
        self.drop()
        return self._worker.submit(hear, samples).result()

    def close(self) -> None:
        """No more hearings; one under way stops at its next step."""
        self.drop()
        self._worker.shutdown(wait=False, cancel_futures=True)
