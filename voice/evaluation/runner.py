"""Running a set: each case as the first turn of a fresh session, timed."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from tqdm import tqdm

from voice.dialogue import Session, Skill
from voice.evaluation.cases import Case
from voice.evaluation.scoring import Outcome
from voice.hearing import Heard


@dataclass(frozen=True)
class Hearing:
    heard: Heard
    audio_seconds: float = 0.0
    error: str | None = None


class Hearer(Protocol):
    """Turns a case into what was heard: its text, or its recording through a recogniser."""

    name: str

    def hear(self, case: Case, noise: Path | None, snr_db: float | None) -> Hearing: ...


class TypedHearer:
    """The reference transcript as typed: measures understanding alone."""

    name = "text"

    def hear(self, case: Case, noise: Path | None, snr_db: float | None) -> Hearing:
        return Hearing(Heard.text(case.text))


@dataclass(frozen=True)
class Condition:
    noise: Path | None = None
    snr_db: float | None = None


def conditions(noises: Sequence[Path], snrs: Sequence[float]) -> list[Condition]:
    """Clean, then every noise at every SNR."""
    return [Condition()] + [Condition(n, s) for n in noises for s in snrs]


def respond(skill: Skill, heard: Heard) -> tuple[dict, ...]:
    return tuple(r.as_dict() for r in Session(skill).respond(heard))


def run(
    skill: Skill,
    cases: Sequence[Case],
    hearer: Hearer,
    settings: Iterable[Condition] = (Condition(),),
    progress: bool = True,
) -> list[Outcome]:
    jobs = [
        (case, condition) for condition in settings for case in cases if condition.noise is None or case.noise is None
    ]
    outcomes = []
    typed: dict[str, bool] = {}
    for case, condition in tqdm(
        jobs, desc=f"evaluating ({hearer.name})", unit="case", disable=not progress, leave=False
    ):
        if condition.noise is not None:
            case = replace(case, noise=condition.noise.stem, snr_db=condition.snr_db)
        started = time.perf_counter()
        hearing = hearer.hear(case, condition.noise, condition.snr_db)
        responses = respond(skill, hearing.heard)
        seconds = time.perf_counter() - started
        typed_right = None
        if hearer.name != "text":
            if case.id not in typed:
                typed[case.id] = Outcome(case, case.text, respond(skill, Heard.text(case.text))).right
            typed_right = typed[case.id]
        outcomes.append(
            Outcome(
                case,
                hearing.heard.best,
                responses,
                seconds,
                hearing.audio_seconds,
                hearing.error,
                hearer.name,
                typed_right,
            )
        )
    return outcomes
