"""What the assistant says: small typed messages from the core to whatever speaks them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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

    `topic` names the leaflet topic, red flag group, section or control it comes from.
    """

    kind: Kind
    topic: str | None
    text: str

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "topic": self.topic, "text": self.text}
