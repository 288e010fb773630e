"""The recordings the Whisper benchmarks measure on, and the recogniser they measure."""

from __future__ import annotations

from pathlib import Path

from voice.dialogue import Skill
from voice.evaluation.cases import Case, read_manifest
from voice.locations import shared_folder
from voice.speech_in.engines import recogniser_for
from voice.speech_in.whisper import WhisperRecogniser

SHARED = shared_folder() / "speech"


def recording(case: Case) -> Path:
    """The case's recording: every case these benchmarks measure on has one."""
    if case.audio is None:
        raise ValueError(f"{case.id}: the set gives no recording")
    return case.audio


def dev_and_out_of_domain(noisy: bool) -> list[Case]:
    """The dev recordings (clean, or only the noisy ones), then the real out-of-domain speech."""
    cases = [c for c in read_manifest(SHARED / "dev" / "manifest.jsonl") if bool(c.noise) == noisy]
    return cases + read_manifest(SHARED / "real_ood" / "manifest.jsonl")


def whisper(skill: Skill) -> WhisperRecogniser:
    """Whisper as `folderstem` opens it for this leaflet, whose readings the benchmarks calibrate."""
    recogniser = recogniser_for("whisper", skill.leaflet, skill.language)
    assert isinstance(recogniser, WhisperRecogniser)
    return recogniser
