"""A spoken set, made from typed sets, with voices and noises no tuning used.

Run by hand:
    .venv/bin/python benchmarks/spoken_set.py tests/unseen/set-a.tsv tests/unseen/set-b.tsv --out /tmp/spoken
    .venv/bin/folderstem eval /tmp/spoken/manifest.jsonl --engine whisper \\
        --noise /tmp/spoken/pink.wav --noise /tmp/spoken/talkers.wav --snr 10 --out report/

Every `--every`-th utterance of each kind is spoken by espeak-ng with voice settings the
dev set does not have (it has nl2 150/50 and 180/40, nl3 150/50, nl 150/50): in turn
mb-nl3 slow and high like an elderly woman, mb-nl2 quick and low, and espeak's nl slow.
Three noises are written beside them: pink and brown noise (generated), and two competing
talkers (real Dutch speech of ../shared/speech/real_ood laid over itself), none of them
ever used to tune anything. The manifest has the format of ../shared/speech.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile

from voice.evaluation.cases import read_tsv
from voice.locations import shared_folder

RATE = 16_000
VOICES = (("mb-nl3", 125, 70), ("mb-nl2", 170, 30), ("nl", 130, 60))
NOISE_SECONDS = 60
REAL_OOD = shared_folder() / "speech" / "real_ood"


def coloured(exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Noise whose power falls as 1/f**exponent: 1 pink, 2 brown."""
    spectrum = rng.normal(size=NOISE_SECONDS * RATE // 2 + 1) + 1j * rng.normal(size=NOISE_SECONDS * RATE // 2 + 1)
    frequencies = np.fft.rfftfreq(NOISE_SECONDS * RATE, 1 / RATE)
    spectrum /= np.maximum(frequencies, 20.0) ** (exponent / 2)
    noise = np.fft.irfft(spectrum, n=NOISE_SECONDS * RATE)
    return (0.3 * noise / np.max(np.abs(noise))).astype(np.float32)


def talkers(rng: np.random.Generator) -> np.ndarray:
    """Two people talking at once: the real out-of-domain recordings, in two shuffled streams."""
    files = sorted(REAL_OOD.glob("*.wav"))
    streams = []
    for _ in range(2):
        pieces = [soundfile.read(files[i], dtype="float32")[0] for i in rng.permutation(len(files))]
        streams.append(np.concatenate(pieces)[: NOISE_SECONDS * RATE])
    length = min(len(s) for s in streams)
    mixed = streams[0][:length] + streams[1][:length]
    return (0.3 * mixed / np.max(np.abs(mixed))).astype(np.float32)


def speak(text: str, voice: tuple[str, int, int], path: Path) -> None:
    name, rate, pitch = voice
    subprocess.run(
        ["espeak-ng", "-v", name, "-s", str(rate), "-p", str(pitch), "-w", str(path), text],
        check=True,
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--every", type=int, default=4, help="speak every N-th utterance of each kind")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(14)
    soundfile.write(args.out / "pink.wav", coloured(1.0, rng), RATE)
    soundfile.write(args.out / "brown.wav", coloured(2.0, rng), RATE)
    soundfile.write(args.out / "talkers.wav", talkers(rng), RATE)
    chosen = []
    for path in args.sets:
        seen: dict[tuple[str, ...], int] = defaultdict(int)
        for case in read_tsv(path):
            seen[case.first_kind] += 1
            if seen[case.first_kind] % args.every == 1 or args.every == 1:
                chosen.append(case)
    with open(args.out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for number, case in enumerate(chosen):
            voice = VOICES[number % len(VOICES)]
            audio = f"{case.id}__{voice[0]}_s{voice[1]}_p{voice[2]}.wav"
            speak(case.text, voice, args.out / audio)
            manifest.write(
                json.dumps(
                    {
                        "audio": audio,
                        "id": case.id,
                        "text": case.text,
                        "voice": voice[0],
                        "rate": voice[1],
                        "pitch": voice[2],
                        "noise": None,
                        "snr_db": None,
                        "first_kind": list(case.first_kind),
                        "must_say": [list(item) for item in case.must_say],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    print(f"{len(chosen)} recordings and 3 noises in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
