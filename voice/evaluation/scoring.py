"""Scoring one case as the patient would experience it."""

from __future__ import annotations

from dataclasses import dataclass

from voice.evaluation.cases import Case
from voice.folding import fold

ALARMS = ("emergency", "gp")
LEAFLET_KINDS = ("answer", "emergency", "gp")


@dataclass(frozen=True)
class Outcome:
    """What happened for one case: what was heard, what was said, how long it took."""

    case: Case
    heard: str
    responses: tuple[dict, ...]  # {"kind", "topic", "text"}, as `folderstem ask --json`
    seconds: float = 0.0  # from end of speech (or text in) to the responses
    audio_seconds: float = 0.0  # length of the recording, 0 for typed cases
    error: str | None = None  # the audio could not be used
    engine: str = "text"
    typed_right: bool | None = None  # for recordings: was the reference text, typed, handled right?

    @property
    def first_kind(self) -> str:
        return self.responses[0]["kind"] if self.responses else "none"

    @property
    def first_topic(self) -> str | None:
        return self.responses[0]["topic"] if self.responses else None

    @property
    def first_ok(self) -> bool:
        return self.first_kind in self.case.first_kind

    @property
    def said_all(self) -> bool:
        spoken = f" {fold(' '.join(r['text'] for r in self.responses))} "
        return all(any(f" {fold(a)} " in spoken for a in item) for item in self.case.must_say)

    @property
    def right(self) -> bool:
        return self.first_ok and self.said_all and not self.forbidden

    @property
    def cause(self) -> str | None:
        """Why a recording failed: the recogniser (typed, it passes) or the understanding."""
        if self.right or self.typed_right is None:
            return None
        return "recognition" if self.typed_right else "understanding"

    @property
    def forbidden(self) -> bool:
        return any(r["kind"] in self.case.must_not_kind for r in self.responses)

    @property
    def alarmed(self) -> bool:
        return any(r["kind"] in ALARMS for r in self.responses)

    @property
    def gave_leaflet_answer(self) -> bool:
        return any(r["kind"] in LEAFLET_KINDS for r in self.responses)


def expects_alarm(case: Case, kind: str) -> bool:
    """A red-flag case: every allowed first kind is this alarm."""
    return case.first_kind == (kind,)


def is_question(case: Case) -> bool:
    return case.first_kind == ("answer",)


def is_unanswerable(case: Case) -> bool:
    """Not covered by the leaflet, or not a question at all."""
    return bool(case.first_kind) and set(case.first_kind) <= {"not_covered", "not_understood"}


def allows_alarm(case: Case) -> bool:
    return any(k in ALARMS for k in case.first_kind)
