"""Time from "speak this answer" to the first audio sample, and the synthesis real-time factor.

Run by hand:  .venv/bin/python benchmarks/speech_out.py
It plays every leaflet answer into a private PulseAudio null sink (as the tests do), so it
needs the test packages (./run-tests installs them) but no sound card.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import pulse  # noqa: E402
from voice.loading import load_skill  # noqa: E402
from voice.speech_out import voices  # noqa: E402
from voice.speech_out.synthesis import Synthesiser  # noqa: E402


def _note_time(into: list[float]) -> None:
    into.append(time.monotonic())


def main() -> None:
    skill = load_skill()
    answers = [skill.speaker.compose(t.answer) for t in skill.leaflet.topics]
    server = pulse.PulseServer(Path(tempfile.mkdtemp()))
    os.environ["PULSE_SERVER"] = server.address
    from voice.speech_out.playback import Player

    try:
        for voice in voices.available():
            synthesiser = Synthesiser(voice)
            made, heard = 0.0, 0.0
            for text in answers:
                begin = time.perf_counter()
                audio = synthesiser.synthesise(text)
                made += time.perf_counter() - begin
                heard += audio.seconds
            player = Player()
            firsts = []
            for text in answers[:6]:
                begin = time.monotonic()
                sounded: list[float] = []
                player.play(synthesiser.pieces(text), on_first_sound=partial(_note_time, sounded))
                firsts.append(sounded[0] - begin)
            print(
                f"{voice.name}: synthesis real-time factor {made / heard:.3f} "
                f"({heard:.0f} s of speech made in {made:.1f} s); first audio sample after "
                f"median {1000 * statistics.median(firsts):.0f} ms, max {1000 * max(firsts):.0f} ms "
                f"(+ the device's output latency)"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
