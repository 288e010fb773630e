"""Where a question's wait goes once its end is heard: each part of the recogniser's work, the
understanding, and the synthesis of the first sentence of the answer.

The questions of benchmarks/latency.py (clean, kitchen and babble at 10 dB), each cut by the
endpointer as the hands-free loop cuts it, heard by Whisper as `folderstem listen` opens it,
in one process with the model's calls timed from outside. The pause that ends a question
and the audio device are measured by benchmarks/latency.py (its earcon wait is the pause,
the endpointer's frames and the device).

    .venv/bin/python benchmarks/latency_parts.py [--count 16]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from latency import CONDITIONS, chosen, spoken
from speech_sets import whisper
from voice.dialogue import Session
from voice.loading import load_skill
from voice.speech_in.audio_files import RATE
from voice.speech_in.endpointing import Endpointer
from voice.speech_in.reading_policy import WARNINGS
from voice.speech_in.whisper import WhisperRecogniser, window_frames
from voice.speech_out import voices
from voice.speech_out.synthesis import Synthesiser


class Stopwatch:
    """Seconds spent in each named part of hearing one question."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = defaultdict(float)

    def timed(self, name: Callable[..., str], call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.parts[name(*args, **kwargs)] += time.perf_counter() - started

        return run


class Timed:
    """An object whose named methods (and calls) are timed; everything else is as it was."""

    def __init__(self, inner: Any, watch: Stopwatch, methods: dict[str, Callable[..., str]]):
        self._inner = inner
        self._timed = {method: watch.timed(name, getattr(inner, method)) for method, name in methods.items()}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed["__call__"](*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return self._timed[name] if name in self._timed else getattr(self._inner, name)


def expecting_passes(recogniser: WhisperRecogniser) -> list[str]:
    """The names of the decoding passes told what to expect, in turn (the signs are expected twice)."""
    return [
        f"expect {'warnings' if e.rule is WARNINGS else 'questions'} ({number})"
        for number, e in enumerate(recogniser.expecting, 1)
    ]


def instrument(recogniser: WhisperRecogniser) -> Stopwatch:
    """Times the recogniser's mel features, encoding, each decoding pass (named by its prompt)
    and the scoring of candidates."""
    watch = Stopwatch()
    model = recogniser.model
    passes = {tuple(recogniser.free_prompt): "free pass"}
    passes.update(zip((tuple(e.prompt) for e in recogniser.expecting), expecting_passes(recogniser), strict=True))
    model.feature_extractor = Timed(model.feature_extractor, watch, {"__call__": lambda *_: "mel features"})
    model.encode = watch.timed(lambda *_, **__: "encode", model.encode)
    model.model = Timed(
        model.model,
        watch,
        {
            "generate": lambda _encoded, prompts, **_: passes[tuple(prompts[0])],
            "align": lambda *_, **__: "score candidates",
        },
    )
    return watch


def question(samples: np.ndarray) -> np.ndarray:
    """The question as the hands-free loop hands it over: cut by the endpointer."""
    endpointer = Endpointer()
    ended = endpointer.feed(np.concatenate([samples, np.zeros(2 * RATE, np.float32)]))
    return ended[0].samples if ended else samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=16, help="questions per condition (default 16)")
    args = parser.parse_args()
    skill = load_skill()
    recogniser = whisper(skill)
    watch = instrument(recogniser)
    synthesiser = Synthesiser(voices.default())
    recogniser.recognise(np.zeros(RATE, np.float32) + 0.01)  # warm up
    names = ["seconds heard", "window (s)", "mel features", "encode", "free pass", "score candidates"]
    passes = expecting_passes(recogniser)
    names += [*passes, "other recogniser", "recogniser total"]
    names += ["understanding", "first sentence synthesis"]
    per_second = RATE // recogniser.model.feature_extractor.hop_length
    print(f"{'median / max (s)':26}" + "".join(f"{condition:>18}" for condition in CONDITIONS))
    table: dict[str, list[str]] = {name: [] for name in names}
    for noise in CONDITIONS.values():
        session = Session(skill)
        rows: dict[str, list[float]] = defaultdict(list)
        for case in chosen(args.count):
            heard_samples = question(spoken(case, noise)[0])
            watch.parts.clear()
            started = time.perf_counter()
            heard = recogniser.recognise(heard_samples)
            total = time.perf_counter() - started
            frames = len(heard_samples) // recogniser.model.feature_extractor.hop_length
            rows["seconds heard"].append(len(heard_samples) / RATE)
            rows["window (s)"].append(window_frames(frames, per_second) / per_second)
            for name in names[2 : 6 + len(passes)]:
                rows[name].append(watch.parts.get(name, 0.0))
            rows["other recogniser"].append(total - sum(watch.parts.values()))
            rows["recogniser total"].append(total)
            started = time.perf_counter()
            responses = session.respond(heard)
            rows["understanding"].append(time.perf_counter() - started)
            texts = [r.text for r in responses if r.text]
            started = time.perf_counter()
            next(synthesiser.pieces(*texts), None)
            rows["first sentence synthesis"].append(time.perf_counter() - started)
        for name in names:
            table[name].append(f"{np.median(rows[name]):8.3f} / {max(rows[name]):6.3f}")
    for name in names:
        print(f"{name:26}" + "".join(f"{cell:>18}" for cell in table[name]))


if __name__ == "__main__":
    main()
