"""What the assistant says: small typed messages from the core to whatever speaks them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a leaflet's warnings are of a Kind: imported at run time, the two would import each other
    from voice.leaflet import RedFlag


class Kind(str, Enum):  # noqa: UP042 -- a StrEnum would change str(kind) and f"{kind}" from "Kind.GP" to "gp"
    """Why something is said; the order of urgency is the order of the members."""

    EMERGENCY = "emergency"  # the leaflet's "come back to the emergency department"
    GP = "gp"  # the leaflet's "see your GP"
    ANSWER = "answer"  # leaflet text answering a question
    NOT_COVERED = "not_covered"  # the leaflet says nothing about it
    NOT_UNDERSTOOD = "not_understood"
    CONTROL = "control"  # repeat, slower, help, stop, goodbye, reading aloud ...


@dataclass(frozen=True)
class Response:
    """One thing to say. `text` is exactly what is spoken (already in spoken form).

    `topic` names the leaflet topic, section or control it comes from; a warning names
    the red flags it warns about in `flags` instead, in the leaflet's order.
    """

    kind: Kind
    topic: str | None
    text: str
    flags: tuple[RedFlag, ...] = ()

    @property
    def about(self) -> str | None:
        """What it comes from, in one word as `ask --json` and the transcript log write it:
        the topic, or a warning's red-flag ids joined by commas."""
        return ",".join(flag.id for flag in self.flags) if self.flags else self.topic

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "topic": self.about, "text": self.text}
