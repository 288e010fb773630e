"""Voice-activity detectors behind the endpointer: speech found, noise rejected, processor time,
and how soon after the patient stops the question is taken.

Run by hand:  .venv/bin/python benchmarks/voice_activity.py [--per-utterance N]
(pymicro-vad is measured where it is installed: pip install pymicro-vad)

Every clean dev recording (or N renderings of each utterance) is put between 6 s before
and 4 s after, in quiet (white noise 40 dB below the speech) and with kitchen and babble
noise mixed at 10 and 5 dB on the active speech, and fed to each endpointer in 100 ms
blocks as the microphone delivers. A question is found whole when it is the one question
overlapping the speech and spans all of it (a cut one is split in two or more; a clipped
one misses the start or the end); the wait is from the end of the active speech to the
block in which the question was handed over. "Extra" questions lie outside the speech.
Noise alone (each noise file, two minutes, at the level it has in a 10 and a 5 dB mix
with the median dev recording) counts the questions it makes, per minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.evaluation.cases import read_manifest  # noqa: E402
from voice.evaluation.noise import active_power, active_span, mix  # noqa: E402
from voice.locations import shared_folder  # noqa: E402
from voice.speech_in.audio_files import RATE, pcm16, read  # noqa: E402
from voice.speech_in.endpointing import Endpointer  # noqa: E402
from voice.speech_in.voice_activity import EnergyActivity, SileroActivity, Thresholds, VoiceActivity  # noqa: E402

SPEECH = shared_folder() / "speech"
BLOCK = RATE // 10
BEFORE, AFTER = 6.0, 4.0  # a question comes after a while of room sound
CONDITIONS = [
    ("quiet", "white_noise", 40.0),
    ("kitchen 10 dB", "kitchen", 10.0),
    ("kitchen 5 dB", "kitchen", 5.0),
    ("babble 10 dB", "babble_nl_6", 10.0),
    ("babble 5 dB", "babble_nl_6", 5.0),
]
NOISE_ALONE = ("kitchen", "running_tap", "babble_nl_6", "white_noise")
NOISE_ALONE_SECONDS = 120.0
LATE_START = 0.05  # a question may start this much after the active speech and still be whole


@dataclass
class MicroActivity:
    """pymicro-vad (Home Assistant's; microWakeWord's network), one 10 ms frame at a time."""

    frame: int = 160
    pre_roll: float = 0.8  # as late to be sure as Silero, or later
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        from pymicro_vad import MicroVad

        self._vad = MicroVad()

    def speech(self, frame: np.ndarray, continuing: bool) -> bool:
        pcm = pcm16(frame).tobytes()
        return self.thresholds.passed(self._vad.process_10ms(pcm), continuing)  # negative until it has enough


@dataclass(frozen=True)
class Variant:
    """A detector behind the endpointer; `any_level` drops the foreground rule, as before it."""

    name: str
    activity: Callable[[], VoiceActivity]
    any_level: bool = False

    def endpointer(self) -> Endpointer:
        endpointer = Endpointer(activity=self.activity())
        if self.any_level:
            endpointer.foreground_db = np.inf
        return endpointer


@dataclass
class Tally:
    cases: int = 0
    whole: int = 0
    cut: int = 0
    clipped: int = 0
    missed: int = 0
    unended: int = 0  # whole, but still open when the input ended
    extra: int = 0
    waits: list[float] = field(default_factory=list)

    def row(self) -> str:
        wait = f"{statistics.median(self.waits):6.2f} {np.percentile(self.waits, 95):5.2f}" if self.waits else " " * 12
        counts = f"{self.cut:4} {self.clipped:7} {self.missed:6} {self.unended:7} {self.extra:5}"
        return f"{self.whole:4}/{self.cases:<4} {counts} {wait} {max(self.waits, default=float('nan')):5.2f}"


def variants() -> list[Variant]:
    found = [Variant("energy (any level)", EnergyActivity, any_level=True), Variant("silero", SileroActivity)]
    try:
        MicroActivity()
        found.append(Variant("micro", MicroActivity))
    except ImportError:
        print("pymicro-vad is not installed: left out")
    return [*found, Variant("energy", EnergyActivity)]


def questions(variant: Variant, audio: np.ndarray, cpu: defaultdict[str, float]) -> list[tuple[float, float]]:
    """(start, end) in seconds of each question handed over; the end is that of the block it came in."""
    endpointer = variant.endpointer()
    found = []
    started = time.process_time()
    for start in range(0, len(audio), BLOCK):
        end = min(start + BLOCK, len(audio)) / RATE
        found += [
            (end - q.quiet_after - len(q.samples) / RATE, end) for q in endpointer.feed(audio[start : start + BLOCK])
        ]
    last = endpointer.flush()
    cpu[variant.name] += time.process_time() - started
    if last is not None:
        found.append(
            (len(audio) / RATE - last.quiet_after - len(last.samples) / RATE, float("inf"))
        )  # never ended: the input did
    return found


def score(tally: Tally, found: list[tuple[float, float]], speech: tuple[float, float]) -> None:
    tally.cases += 1
    overlapping = [q for q in found if q[0] < speech[1] and q[1] > speech[0]]
    tally.extra += len(found) - len(overlapping)
    if not overlapping:
        tally.missed += 1
    elif len(overlapping) > 1:
        tally.cut += 1
    elif overlapping[0][0] > speech[0] + LATE_START or overlapping[0][1] < speech[1]:
        tally.clipped += 1
    elif overlapping[0][1] == float("inf"):
        tally.unended += 1
    else:
        tally.whole += 1
        tally.waits.append(overlapping[0][1] - speech[1])


def at_level(noise: np.ndarray, power: float) -> np.ndarray:
    """NOISE_ALONE_SECONDS of the noise (looped), scaled to `power`."""
    length = int(NOISE_ALONE_SECONDS * RATE)
    looped = np.tile(noise, int(np.ceil(length / len(noise))))[:length]
    return np.clip(looped * np.sqrt(power / np.mean(np.square(looped, dtype=np.float64))), -1, 1).astype(np.float32)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-utterance", type=int, default=4, help="clean renderings of each utterance (at most 4)")
    args = parser.parse_args()

    measured = variants()
    noises = {name: read(SPEECH / "noise" / f"{name}.wav", max_seconds=600) for name in NOISE_ALONE}
    taken: defaultdict[str, int] = defaultdict(int)
    clips = []
    for case in read_manifest(SPEECH / "dev" / "manifest.jsonl"):
        if case.noise is None and case.audio is not None and taken[case.id] < args.per_utterance:
            taken[case.id] += 1
            clips.append((case.audio.name, read(case.audio)))

    tallies = {(v.name, c[0]): Tally() for v in measured for c in CONDITIONS}
    cpu: defaultdict[str, float] = defaultdict(float)
    fed = 0.0
    for name, speech in clips:
        padded = np.concatenate(
            [np.zeros(int(RATE * BEFORE), np.float32), speech, np.zeros(int(RATE * AFTER), np.float32)]
        )
        span = active_span(padded, RATE)
        assert span is not None, f"{name} is silent"
        for condition, noise, snr in CONDITIONS:
            audio = mix(padded, noises[noise], RATE, snr, seed=zlib.crc32(name.encode()))
            fed += len(audio) / RATE
            for variant in measured:
                score(tallies[variant.name, condition], questions(variant, audio, cpu), span)

    print(f"\n{len(clips)} dev recordings, each {BEFORE:g} s before and {AFTER:g} s after the speech")
    print(f"{'endpointer':19} {'condition':14} {'whole':>9}  cut clipped missed unended extra wait median p95   max")
    for (variant_name, condition), tally in tallies.items():
        print(f"{variant_name:19} {condition:14} {tally.row()}")

    reference = statistics.median(active_power(speech, RATE) for _, speech in clips)
    print(
        f"\nnoise alone, {NOISE_ALONE_SECONDS:g} s at its level in a mix with the median recording: questions a minute"
    )
    print(f"{'endpointer':19} " + " ".join(f"{f'{n} {snr:g} dB':>17}" for n in NOISE_ALONE for snr in (10, 5)))
    for variant in measured:
        cells = []
        for name in NOISE_ALONE:
            for snr in (10.0, 5.0):
                audio = at_level(noises[name], reference / 10 ** (snr / 10))
                fed += len(audio) / RATE if variant is measured[0] else 0.0
                cells.append(f"{len(questions(variant, audio, cpu)) / (NOISE_ALONE_SECONDS / 60):17.1f}")
        print(f"{variant.name:19} " + " ".join(cells))

    print(f"\nprocessor time per second of audio ({fed:.0f} s of audio fed to each)")
    for variant in measured:
        print(f"{variant.name:19} {cpu[variant.name] / fed * 1000:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
