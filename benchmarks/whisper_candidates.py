"""Calibrates the Whisper candidate margin: how much less likely than the free transcription a
content phrase may be and still be heard (plus the slack its closeness in letters earns it).

Run by hand:  .venv/bin/python benchmarks/whisper_candidates.py [--noisy] [--limit N]
For each dev recording (clean, or with --noisy the noisy ones) and each real out-of-domain
sentence, it scores the candidates as the recogniser does and prints, per margin, how many
recordings gain a right candidate (one leading to the expected response) and how many gain a
wrong one; on out-of-domain speech every accepted candidate that raises an alarm is wrong.
"""

from __future__ import annotations

import argparse
import sys

from speech_sets import dev_and_out_of_domain, recording, whisper
from voice.dialogue import Session
from voice.evaluation.scoring import Outcome
from voice.hearing import Heard
from voice.loading import load_skill
from voice.speech_in.audio_files import read
from voice.speech_in.reading_policy import candidates

MARGINS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--noisy", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="only the first N recordings (a quick look)")
    args = parser.parse_args()
    skill = load_skill()
    recogniser = whisper(skill)
    cases = dev_and_out_of_domain(args.noisy)
    cases = cases[: args.limit] if args.limit else cases
    gains = {m: [0, 0] for m in MARGINS}  # candidates accepted that are right / wrong
    alarms = {m: 0 for m in MARGINS}  # out-of-domain recordings given an alarming candidate
    for number, case in enumerate(cases, 1):
        readings = recogniser.read(read(recording(case)))
        for margin in MARGINS:
            for candidate in candidates(readings.free, readings.scores, margin):
                responses = tuple(r.as_dict() for r in Session(skill).respond(Heard.text(candidate.text)))
                right = Outcome(case, candidate.text, responses).right
                if case.must_not_kind and any(r["kind"] in ("emergency", "gp") for r in responses):
                    alarms[margin] += 1
                gains[margin][0 if right and not case.must_not_kind else 1] += 1
        print(f"\r{number}/{len(cases)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"{len(cases)} recordings ({'noisy' if args.noisy else 'clean'} dev + real out-of-domain)")
    print("margin  right candidates  wrong candidates  alarms on out-of-domain speech")
    for margin in MARGINS:
        print(f"{margin:6.1f}  {gains[margin][0]:16d}  {gains[margin][1]:16d}  {alarms[margin]:8d}")


if __name__ == "__main__":
    main()
