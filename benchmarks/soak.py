"""Soak: an hour (or more) of simulated hands-free conversation, sped up.

Spoken questions from the shared dev set (clean renderings, red flags and "stop" among
them) are fed as if from the microphone, with the patient's pauses in room noise and a
long silence in which the assistant asks once and then sleeps. Everything is real but
the clock: faster-whisper hears, espeak-ng speaks (into a recording that is not kept).

Reports resident memory along the way, questions heard and answered, and the processor
time spent per hour of silence (how quietly it waits).

    .venv/bin/python benchmarks/soak.py [--minutes 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.audio import resample  # noqa: E402
from voice.dialogue import Session  # noqa: E402
from voice.hands_free.conversation import Conversation, Timing  # noqa: E402
from voice.hands_free.events import Sound  # noqa: E402
from voice.hands_free.mouth import RecordingMouth  # noqa: E402
from voice.loading import load_skill  # noqa: E402
from voice.locations import shared_folder  # noqa: E402
from voice.speech_in.audio_files import RATE, read  # noqa: E402
from voice.speech_in.engines import recogniser_for  # noqa: E402
from voice.speech_out import voices  # noqa: E402
from voice.speech_out.synthesis import Synthesiser  # noqa: E402

DEV = shared_folder() / "speech" / "dev"
BLOCK = RATE // 10


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Tally:
    """Stands in for the transcript log: counts what was heard and said, keeps no words."""

    def __init__(self) -> None:
        self.said: Counter[str] = Counter()
        self.heard = 0
        self.ignored = 0

    def write(self, seconds: float, who: str, text: str) -> None:
        if who == "patient":
            self.heard += 1
            self.ignored += "[not acted on" in text
        else:
            self.said[who.split(":")[0]] += 1


def simulated(minutes: float, seed: int, memory: list[tuple[float, float]], wake: np.ndarray) -> Iterator[Sound]:
    """Sound blocks: questions with pauses, and one long silence in the middle, then the wake phrase."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    files = sorted(
        p
        for p in DEV.glob("*.wav")
        if "db" not in p.name and "_nl_" not in p.name and not p.name.startswith(("d44", "d47"))
    )  # no repeat or read-all loops
    clips = [read(p) for p in files]
    total, silence_at = minutes * 60, minutes * 30
    now, slept, measure_at = 0.0, False, 300.0

    def quiet(seconds: float) -> Iterator[Sound]:
        nonlocal now, measure_at
        for _ in range(int(seconds * 10)):
            now += 0.1
            if now >= measure_at:  # every 5 minutes of conversation
                memory.append((now / 60, rss_mb()))
                measure_at += 300
            yield Sound(noise.normal(0, 0.002, BLOCK).astype(np.float32))

    while now < total:
        if not slept and now >= silence_at:
            slept = True
            cpu = time.process_time()
            yield from quiet(600)  # ten minutes of silence: it asks, then sleeps
            memory.append((-1, (time.process_time() - cpu) * 6))  # CPU seconds per hour of silence
            yield Sound(wake)
            yield from quiet(8)
            continue
        clip = rng.choice(clips)
        yield Sound(clip)
        now += len(clip) / RATE
        yield from quiet(rng.uniform(6, 30))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    skill = load_skill()
    recogniser = recogniser_for("whisper", skill.leaflet, skill.language)
    mouth = RecordingMouth(Synthesiser(voices.default()), None)
    tally = Tally()
    session = Session(skill)
    memory: list[tuple[float, float]] = [(0.0, rss_mb())]
    conversation = Conversation(session, recogniser, mouth, Timing(idle_seconds=60), log=tally)
    started, cpu = time.monotonic(), time.process_time()
    wake = Synthesiser(voices.find("mb-nl3"), 150).synthesise("hallo folderstem")
    conversation.run(simulated(args.minutes, args.seed, memory, resample(wake.samples, wake.rate, RATE)))
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    memory.append((conversation.now / 60, rss_mb()))
    figures = {
        "simulated_minutes": round(conversation.now / 60, 1),
        "wall_minutes": round(wall / 60, 1),
        "cpu_minutes": round(cpu / 60, 1),
        "utterances_heard": tally.heard,
        "not_acted_on_while_speaking": tally.ignored,
        "said": dict(tally.said),
        "spoken_minutes": round(mouth.spoken_seconds / 60, 1),
        "rss_mb": [(round(m, 1), round(r)) for m, r in memory if m >= 0],
        "cpu_seconds_per_hour_of_silence": [round(r, 1) for m, r in memory if m < 0],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "ended_asleep": session.asleep,
    }
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
