"""Background talk: what the assistant says, unasked, while real Dutch speech not addressed to it
plays in the room (a television, people talking), per 10 minutes.

Run by hand:  .venv/bin/python benchmarks/background.py [--conditions clean-short,...] [--variants ...]

The real out-of-domain recordings (../shared/speech/real_ood, 60 sentences) are played back
to back with short (0.5 s, a television) or long (3 to 8 s) gaps, without noise and with
babble or kitchen noise at 10 dB, and each is fed through `folderstem listen --input` (in this
process): with the endpointer as it was (loudness, any level), as it is now (Silero VAD,
foreground voice only), and as it is now with `--require-wake` (only what follows its name
or a greeting is answered, and red flags). Counted from the transcript: what was heard as an
utterance, and what was said about it: warnings, the GP advice, leaflet answers, and other
replies ("not covered", "not understood", controls). The opening greeting is not counted.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np
import soundfile

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice import cli  # noqa: E402
from voice.evaluation.cases import read_manifest  # noqa: E402
from voice.evaluation.noise import mix  # noqa: E402
from voice.hands_free import conversation  # noqa: E402
from voice.locations import shared_folder  # noqa: E402
from voice.speech_in.audio_files import RATE, read  # noqa: E402
from voice.speech_in.endpointing import Endpointer  # noqa: E402
from voice.speech_in.voice_activity import EnergyActivity  # noqa: E402

SPEECH = shared_folder() / "speech"
GAPS = {"short": (0.5, 0.5), "long": (3.0, 8.0)}
NOISES = {"clean": None, "babble": "babble_nl_6", "kitchen": "kitchen"}
SNR_DB = 10.0
KINDS = ("heard", "warning", "gp", "answer", "other reply")


@dataclass(frozen=True)
class Condition:
    noise: str
    gaps: str

    @property
    def name(self) -> str:
        return f"{self.noise}-{self.gaps}"


def before(end_silence: float) -> Endpointer:
    """The endpointer as it was: loudness against the noise floor, at any level."""
    endpointer = Endpointer(end_silence=end_silence, activity=EnergyActivity())
    endpointer.foreground_db = np.inf
    return endpointer


# how the assistant listens: the endpointer, and options of `folderstem listen`
VARIANTS: dict[str, tuple[Callable[..., Endpointer], tuple[str, ...]]] = {
    "before (loudness)": (before, ()),
    "after (silero)": (Endpointer, ()),
    "silero + require wake": (Endpointer, ("--require-wake",)),
}


def track(condition: Condition, sentences: list[np.ndarray]) -> np.ndarray:
    """The sentences back to back with the condition's gaps, and its noise mixed in."""
    rng = random.Random(condition.name)
    low, high = GAPS[condition.gaps]
    parts = []
    for sentence in sentences:
        parts += [sentence, np.zeros(int(RATE * rng.uniform(low, high)), np.float32)]
    audio = np.concatenate(parts)
    noise = NOISES[condition.noise]
    if noise is None:
        return audio
    return mix(audio, read(SPEECH / "noise" / f"{noise}.wav", max_seconds=600), RATE, SNR_DB, seed=1)


def said(log: Path) -> Counter[str]:
    """What the transcript holds, by kind; the opening greeting (at 0 s, before anything heard) left out."""
    counts: Counter[str] = Counter()
    for line in log.read_text(encoding="utf-8").splitlines():
        stamp, who, _text = line.split("\t")
        if stamp == "00:00.0" and not counts:
            continue
        kind = who.split(":")[0]
        if who == "patient":
            counts["heard"] += 1
        elif kind == "emergency":
            counts["warning"] += 1
        elif kind in ("gp", "answer"):
            counts[kind] += 1
        else:
            counts["other reply"] += 1
    return counts


def listen(source: Path, log: Path, endpointer: Callable[..., Endpointer], options: tuple[str, ...]) -> None:
    with mock.patch.object(conversation, "Endpointer", endpointer):
        status = cli.main(["listen", "--engine", "whisper", *options, "--input", str(source), "--log", str(log)])
    if status != 0:
        raise SystemExit(f"folderstem listen failed on {source} ({status})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    everything = [Condition(noise, gaps) for noise in NOISES for gaps in GAPS]
    parser.add_argument("--conditions", default=",".join(c.name for c in everything), help="comma-separated")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated")
    args = parser.parse_args()
    chosen = [c for c in everything if c.name in args.conditions.split(",")]
    variants = {name: VARIANTS[name] for name in args.variants.split(",")}

    sentences = [read(case.audio) for case in read_manifest(SPEECH / "real_ood" / "manifest.jsonl") if case.audio]
    totals = {name: Counter[str]() for name in variants}
    seconds = 0.0
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for condition in chosen:
            source = Path(folder) / f"{condition.name}.wav"
            audio = track(condition, sentences)
            soundfile.write(source, audio, RATE)
            seconds += len(audio) / RATE
            for name, (endpointer, options) in variants.items():
                log = Path(folder) / f"{condition.name} {name}.txt"
                listen(source, log, endpointer, options)
                counts = said(log)
                totals[name] += counts
                rows.append((condition.name, len(audio) / RATE, name, counts))

    print(f"\n{len(sentences)} real sentences not addressed to the assistant; noise at {SNR_DB:g} dB")
    print(f"{'condition':15} {'minutes':>7} {'listening':20} " + " ".join(f"{k:>11}" for k in KINDS))
    for condition_name, length, name, counts in rows:
        cells = " ".join(f"{counts[k]:11}" for k in KINDS)
        print(f"{condition_name:15} {length / 60:7.1f} {name:20} {cells}")
    print(f"\nper 10 minutes, over all {seconds / 60:.1f} minutes")
    for name, counts in totals.items():
        cells = " ".join(f"{counts[k] * 600 / seconds:11.1f}" for k in KINDS)
        print(f"{'all':15} {'':7} {name:20} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
