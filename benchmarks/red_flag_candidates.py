"""How far below the free transcription, given the audio, the red-flag phrases score: can
they be offered to the screen whatever was heard, without false alarms?

Run by hand:  .venv/bin/python benchmarks/red_flag_candidates.py [--noisy] [--limit N]
For every dev recording (clean, or with --noisy the noisy ones) and every real out-of-domain
sentence, each red-flag example phrase is scored against the audio as the recogniser scores
its candidates (mean log-probability, teacher-forced), and its margin below the free
transcription is printed: for a recording that is a red flag, the best phrase of the
expected warning; for any other, the best phrase of any warning (a false alarm if accepted).
"""

from __future__ import annotations

import argparse

from speech_sets import dev_and_out_of_domain, recording, whisper
from voice.dialogue import Session
from voice.evaluation.scoring import expects_alarm
from voice.loading import load_skill
from voice.speech_in.audio_files import read


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--noisy", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="only the first N recordings (a quick look)")
    args = parser.parse_args()
    skill = load_skill()
    recogniser = whisper(skill)
    phrases = [(flag.warning.urgency.value, e) for flag in skill.leaflet.red_flags for e in flag.examples]
    cases = dev_and_out_of_domain(args.noisy)
    cases = cases[: args.limit] if args.limit else cases
    print("id\tvoice\texpected\tcaught_now\tmargin_expected\tmargin_other\tphrase_other\theard")
    for case in cases:
        samples = read(recording(case))
        readings = recogniser.read(samples)
        if not readings.free:
            print(f"{case.id}\t{recording(case).name}\t-\t-\t-\t-\t-\t(nothing)")
            continue
        best = readings.free[0].text
        scores = recogniser.score(samples, best, [p for _, p in phrases])
        first = Session(skill).respond(readings.heard())[0].kind.value
        expected = next((k for k in ("emergency", "gp") if expects_alarm(case, k)), "none")
        margins = [
            (scores.reference - s.likelihood, urgency, phrase)
            for (urgency, phrase), s in zip(phrases, scores.phrases, strict=True)
        ]
        own = min((m for m, u, _ in margins if u == expected), default=None)
        other = min(((m, p) for m, u, p in margins if u != expected), default=(None, ""))
        caught = first == expected if expected != "none" else first not in ("emergency", "gp")
        print(
            f"{case.id}\t{recording(case).name}\t{expected}\t{caught}\t"
            f"{'' if own is None else f'{own:.2f}'}\t{'' if other[0] is None else f'{other[0]:.2f}'}\t"
            f"{other[1]}\t{best}",
            flush=True,
        )


if __name__ == "__main__":
    main()
