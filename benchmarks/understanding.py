"""How long the core takes to turn an utterance into responses, and how much memory it holds.

Run by hand:  .venv/bin/python benchmarks/understanding.py
The spoken loop's budget from end of speech to first sound is about a second; the
understanding's share of it should be a few milliseconds.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from voice.dialogue import Session  # noqa: E402
from voice.loading import load_skill  # noqa: E402
from wordings import FILLER, WORDINGS  # noqa: E402


def main() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    skill = load_skill()
    load_seconds = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB

    utterances = [w for ws in WORDINGS.values() for w in ws]
    utterances += [e for t in skill.leaflet.topics for e in t.examples]
    times = []
    for _ in range(3):
        for text in utterances:
            begin = time.perf_counter()
            Session(skill).respond(text)
            times.append(time.perf_counter() - begin)
    times.sort()
    huge = " ".join(FILLER * 2000) + " ik kan niet meer plassen"
    begin = time.perf_counter()
    Session(skill).respond(huge)
    huge_seconds = time.perf_counter() - begin

    print(f"content load: {1000 * load_seconds:.0f} ms, peak resident memory grew {grown / 2**10:.1f} MiB")
    print(
        f"per utterance ({len(times)} runs of {len(utterances)} utterances): "
        f"median {1000 * statistics.median(times):.2f} ms, p95 {1000 * times[int(0.95 * len(times))]:.2f} ms, "
        f"max {1000 * times[-1]:.2f} ms"
    )
    print(f"a {len(huge.split())}-word utterance: {1000 * huge_seconds:.0f} ms")


if __name__ == "__main__":
    main()
