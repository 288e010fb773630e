"""Hearing a question while the pause that ends it goes on.

The endpointer knows the question a moment after the patient stops, well before the pause
has ended it (`Endpointer.tentative`). Heard from then on, its answer is ready sooner;
if the patient goes on, that hearing is not used. Every hearing runs on one worker
thread, one after another: a recogniser hears one utterance at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from voice.hearing import Heard

Hear = Callable[[np.ndarray], Heard]


@dataclass(frozen=True)
class _Ahead:
    hear: Hear
    samples: np.ndarray
    heard: Future[Heard]


class Anticipation:
    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearing")
        self._ahead: _Ahead | None = None

    def start(self, hear: Hear, samples: np.ndarray) -> None:
        """Begin to hear `samples`, unless they are being heard already; a hearing begun for
        other samples is not wanted any more, and is dropped if it has not begun."""
        ahead = self._ahead
        if ahead is not None:
            if ahead.samples is samples and ahead.hear == hear:
                return
            ahead.heard.cancel()
        self._ahead = _Ahead(hear, samples, self._worker.submit(hear, samples))

    def heard(self, hear: Hear, samples: np.ndarray) -> Heard:
        """How `samples` are heard by `hear`: by the hearing begun ahead when it is of them,
        otherwise now (after any hearing under way). A recogniser's error is raised here."""
        ahead = self._ahead
        if ahead is not None and ahead.hear == hear and np.array_equal(ahead.samples, samples):
            self._ahead = None
            return ahead.heard.result()
        return self._worker.submit(hear, samples).result()

    def close(self) -> None:
        """No more hearings; one under way ends on its own."""
        self._ahead = None
        self._worker.shutdown(wait=False, cancel_futures=True)
