"""Per recogniser: real-time factor, time from the end of speech to the final result, peak memory.

Run by hand:  .venv/bin/python benchmarks/speech_in.py [whisper|vosk] [N]
Each engine runs in its own process so that peak memory is its own. Files: the first N
clean recordings of ../shared/speech/dev. A whole recording is handed over at once, so
the time measured is what the patient waits after they stop speaking (for Vosk, which
streams, the audio is fed in 0.2 s chunks first and only the final result is timed).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time

from voice.evaluation.cases import read_manifest
from voice.loading import load_skill
from voice.locations import shared_folder
from voice.speech_in.audio_files import RATE, read
from voice.speech_in.engines import recogniser_for

DEV = shared_folder() / "speech" / "dev"


def main() -> None:
    engine = sys.argv[1] if len(sys.argv) > 1 else "whisper"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    skill = load_skill()
    started = time.perf_counter()
    recogniser = recogniser_for(engine, skill.leaflet, skill.language)
    loading = time.perf_counter() - started
    cases = [c for c in read_manifest(DEV / "manifest.jsonl") if not c.noise][:count]
    waits, spoken = [], 0.0
    for case in cases:
        assert case.audio is not None  # the dev set's cases are recordings
        samples = read(case.audio)
        spoken += len(samples) / RATE
        if engine == "vosk":
            stream = recogniser.stream()
            for start in range(0, len(samples), RATE // 5):
                stream.accept(samples[start : start + RATE // 5])
            begin = time.perf_counter()
            stream.finish()
        else:
            begin = time.perf_counter()
            recogniser.recognise(samples)
        waits.append(time.perf_counter() - begin)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{engine}: model load {loading:.1f} s; {len(cases)} recordings, {spoken:.0f} s of speech; "
        f"end of speech to result median {statistics.median(waits):.2f} s, max {max(waits):.2f} s; "
        f"real-time factor {sum(waits) / spoken:.2f}; peak memory {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
