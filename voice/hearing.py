"""What was heard: one or several alternative transcripts of one utterance, best first."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float = 1.0
    # Read by a recogniser told what to expect (prompted with, or held to, the content's
    # phrases): it may put the content in the patient's mouth, so what was plainly heard
    # is understood first.
    expected: bool = False


@dataclass(frozen=True)
class Heard:
    """A recogniser's result; the red-flag screen looks at every alternative."""

    alternatives: tuple[Transcript, ...]

    @classmethod
    def text(cls, text: str) -> Heard:
        """A typed utterance: one certain transcript."""
        return cls((Transcript(text, 1.0),))

    @property
    def best(self) -> str:
        return self.alternatives[0].text if self.alternatives else ""
