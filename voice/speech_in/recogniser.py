"""The recogniser interface: a stream of 16 kHz mono samples in, partial and final results out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voice.hearing import Heard


@dataclass(frozen=True)
class Partial:
    """What is heard so far, while the patient still speaks (for showing, never for acting)."""

    text: str


@dataclass(frozen=True)
class Final:
    """An utterance ended: every alternative, best first, for the red-flag screen."""

    heard: Heard


class Stream(Protocol):
    def accept(self, samples: np.ndarray) -> Partial | Final | None:
        """Feed float32 samples; a Final when the recogniser itself found the end of speech."""

    def finish(self) -> Final:
        """The end of the input: whatever was heard since the last Final."""


# Asked while an utterance is heard: is what it says still wanted? (The patient went on.)
Wanted = Callable[[], bool]


def always() -> bool:
    return True


class Recogniser(Protocol):
    name: str

    def stream(self) -> Stream: ...

    def recognise(self, samples: np.ndarray, wanted: Wanted = always) -> Heard:
        """One whole utterance. A hearing no longer `wanted` may stop early, heard as nothing,
        so that the one wanted instead begins sooner."""

    def quick(self, samples: np.ndarray) -> Heard:
        """A fast first hearing of one utterance (to act on "stop" while speaking); may be rougher."""
