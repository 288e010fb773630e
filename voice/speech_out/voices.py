"""The Dutch voices this machine can speak with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MBROLA = Path("/usr/share/mbrola")  # where Debian's mbrola-nl2/-nl3 put their voice data


@dataclass(frozen=True)
class Voice:
    name: str  # what the operator chooses: nl, mb-nl2, mb-nl3
    espeak_id: str  # what espeak-ng is told
    description: str
    rate: int  # the sample rate its audio really has
    mbrola: bool


DUTCH = (
    Voice("nl", "nl", "espeak-ng Nederlands (always there)", 22050, False),
    Voice("mb-nl2", "mb/mb-nl2", "MBROLA nl2, male, more natural", 16000, True),
    Voice("mb-nl3", "mb/mb-nl3", "MBROLA nl3, female, more natural", 16000, True),
)


def _mbrola_installed(voice: Voice) -> bool:
    database = voice.name.removeprefix("mb-")
    return (MBROLA / database / database).is_file()


def available() -> list[Voice]:
    """espeak-ng's own Dutch voice, and the MBROLA ones whose voice data is installed."""
    return [v for v in DUTCH if not v.mbrola or _mbrola_installed(v)]


def find(name: str) -> Voice:
    for voice in available():
        if voice.name == name:
            return voice
    known = ", ".join(v.name for v in available())
    raise ValueError(f"the voice '{name}' is not available here; available: {known}")


def default() -> Voice:
    """The most natural Dutch voice installed: MBROLA nl2 where it is, else espeak-ng's own."""
    installed = available()
    return next((v for v in installed if v.name == "mb-nl2"), installed[0])
