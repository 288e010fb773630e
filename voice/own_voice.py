"""Telling the patient's voice from the assistant's own, heard back through the microphone.

While it speaks, the assistant listens only for "stop" and for red flags. A home device
has no echo cancellation, so the microphone also hears the loudspeaker: what it hears
is compared with what it is saying. Words it is saying itself are not the patient's,
and a red flag that it is warning about already is no reason to cut that warning short.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voice.folding import words
from voice.hearing import Heard, Transcript
from voice.understanding import Understander


@dataclass(frozen=True)
class BargeIn:
    """What the patient said over the assistant's speech that must interrupt it."""

    stop: bool      # "stop", in words the assistant is not saying itself
    flags: bool     # a red flag that what is being said does not already warn about

    @property
    def interrupts(self) -> bool:
        return self.stop or self.flags


def barge_in(understander: Understander, heard: Heard, saying: Sequence[str]) -> BargeIn:
    said = " ".join(saying)
    own_words = set(words(said))
    own_flags = {hit.flag.id for hit in understander.understand(Heard.text(said)).flags} if said else set()
    flags = any(hit.flag.id not in own_flags for hit in understander.understand(heard).flags)
    rest = Heard(tuple(Transcript(" ".join(w for w in words(t.text) if w not in own_words), t.confidence)
                       for t in heard.alternatives))
    return BargeIn(understander.understand(rest).control == "stop", flags)


def is_own(heard: Heard, saying: Sequence[str], share: float = 0.75) -> bool:
    """Whether what was heard is mostly the assistant's own words (its echo, just after it spoke)."""
    own_words = set(words(" ".join(saying)))
    heard_words = words(heard.best)
    return bool(heard_words) and sum(w in own_words for w in heard_words) >= share * len(heard_words)
