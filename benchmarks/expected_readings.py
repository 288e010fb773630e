"""Calibrates Whisper's readings told what to expect: how alike to the free transcription, and
how sure, a reading must be to be offered (the rules WARNINGS and QUESTIONS in
voice/speech_in/reading_policy.py).

Run by hand:  .venv/bin/python benchmarks/expected_readings.py [--readings FILE] [--limit N]
Every dev recording (clean and noisy) and every real out-of-domain sentence is read as the
recogniser reads it (free transcription, candidates, then once per expected set of sentences)
and the readings are kept in FILE (about 3 s per recording on two cores; an existing FILE is
used as it is). Then, for each set of thresholds (the signs as the examples say them, the
signs in patients' words, the questions; "-": that reading not offered, so a row with "-" in
the middle shows what the patients' words add), it prints what the patient would get:
emergency and GP recall, false alarms in domain and on real out-of-domain speech, questions
right, unanswerable ones handled honestly and controls right, clean and noisy apart; and
once more for the rules in use with only the readings `worth_reading` finds needed, as
`recognise` reads (and how many readings it leaves out). A noise
and SNR mix every dev recording as `folderstem eval` does (`--noise FILE --snr DB`; the
manifest's pre-mixed recordings are then left out). `--manifest` reads other recordings
instead (a spoken unseen set made by benchmarks/spoken_set.py, for instance).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from speech_sets import SHARED, recording, whisper
from voice import vocabulary
from voice.dialogue import Session, Skill
from voice.evaluation.cases import Case, read_manifest
from voice.evaluation.recordings import samples
from voice.evaluation.scoring import Outcome, allows_alarm, expects_alarm, is_question, is_unanswerable
from voice.folding import letters
from voice.hearing import Heard, Transcript
from voice.loading import load_skill
from voice.speech_in.reading_policy import QUESTIONS, WARNINGS, Rule, candidates, offered, worth_reading

# (the signs as the examples say them, the signs in patients' words, the questions); None: that
# reading is not offered. sure=1.0: only by the letters.
THRESHOLDS = [
    (None, None, None),
    (WARNINGS, None, None),
    (WARNINGS, WARNINGS, None),
    (Rule(55, 0.5, 1.0), Rule(55, 0.5, 1.0), Rule(45, 0.5, 1.0)),
    (WARNINGS, None, QUESTIONS),
    (None, WARNINGS, QUESTIONS),
    (WARNINGS, WARNINGS, QUESTIONS),
    (Rule(55, 0.5, 0.7), Rule(55, 0.5, 0.7), QUESTIONS),
    (Rule(55, 0.5, 0.6), Rule(55, 0.5, 0.6), QUESTIONS),
    (WARNINGS, WARNINGS, Rule(45, 0.5, 0.6)),
    (WARNINGS, WARNINGS, Rule(45, 0.5, 0.55)),
    (WARNINGS, WARNINGS, Rule(40, 0.4, 0.7)),
    (Rule(50, 0.5, 0.8), Rule(50, 0.5, 0.8), QUESTIONS),
    (Rule(60, 0.5, 0.8), Rule(60, 0.5, 0.8), QUESTIONS),
]
IN_USE = (WARNINGS, WARNINGS, QUESTIONS)  # as voice.speech_in.reading_policy.expectations pairs them


def record(cases: list[Case], skill: Skill, path: Path, noise: Path | None) -> None:
    recogniser = whisper(skill)
    with path.open("w", encoding="utf-8") as out:
        for number, case in enumerate(cases, 1):
            readings = recogniser.read(samples(recording(case), case.id, noise, case.snr_db))
            out.write(
                json.dumps(
                    {
                        "audio": recording(case).name,
                        "free": _pairs(readings.free),
                        "candidates": _pairs(candidates(readings.free, readings.scores)),
                        "readings": [_pairs(p.readings) for p in readings.prompted],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            print(f"\r{number}/{len(cases)}", end="", flush=True)
    print()


def _pairs(found: Iterable[Transcript]) -> list[tuple[str, float]]:
    return [(t.text, t.confidence) for t in found]


def figures(cases: dict[str, Case], rows: list[dict], skill: Skill, rules: tuple[Rule | None, ...]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        case = cases[row["audio"]]
        alternatives = [Transcript(t, c) for t, c in row["free"] + row["candidates"]]
        for rule, found in zip(rules, row["readings"], strict=False):
            if rule is not None and row["free"]:
                alternatives += offered(alternatives, [Transcript(t, c) for t, c in found], rule)
        responses = Session(skill).respond(Heard(tuple(alternatives))) if alternatives else []
        outcome = Outcome(
            case,
            alternatives[0].text if alternatives else "",
            tuple(r.as_dict() for r in responses),
        )
        condition = "noisy" if case.noise else "clean"
        real_ood = recording(case).parent.name == "real_ood"
        if expects_alarm(case, "emergency"):
            counts[condition, "emergency"] += outcome.first_kind == "emergency"
            counts[condition, "emergency cases"] += 1
        elif expects_alarm(case, "gp"):
            counts[condition, "gp"] += outcome.first_kind in ("emergency", "gp")
            counts[condition, "gp cases"] += 1
        elif not allows_alarm(case):
            counts[condition, "false alarms, real ood" if real_ood else "false alarms"] += outcome.alarmed
        if is_question(case):
            counts[condition, "questions"] += outcome.right
            counts[condition, "question cases"] += 1
        if case.first_kind == ("control",):
            counts[condition, "controls"] += outcome.first_ok
            counts[condition, "control cases"] += 1
        if is_unanswerable(case) or real_ood:
            counts[condition, "honest"] += not outcome.gave_leaflet_answer
            counts[condition, "honest cases"] += 1
    return counts


def needed_only(rows: list[dict], skill: Skill) -> tuple[list[dict], int]:
    """The rows without the readings told what to expect that `recognise` leaves out, and how many it leaves out."""
    phrases = [letters(p) for p in dict.fromkeys(vocabulary.phrases(skill.leaflet, skill.language))]
    kept, left_out = [], 0
    for row in rows:
        if row["free"]:
            free = Transcript(*row["free"][0])
            needed = [worth_reading(rule, free, phrases) for rule in IN_USE]
            left_out += needed.count(False)
            row = dict(row, readings=[r if n else [] for r, n in zip(row["readings"], needed, strict=False)])
        kept.append(row)
    return kept, left_out


def _cells(counts: Counter, condition: str) -> str:
    def c(name: str) -> int:
        return counts[condition, name]

    return (
        f"{c('emergency')}/{c('emergency cases')} {c('gp')}/{c('gp cases')} "
        f"{c('false alarms')} {c('false alarms, real ood')} "
        f"{c('questions')}/{c('question cases')} {c('honest')}/{c('honest cases')} "
        f"{c('controls')}/{c('control cases')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readings", type=Path, default=Path("expected-readings.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N recordings (a quick look)")
    parser.add_argument("--noise", type=Path, help="mix this noise into every recording not mixed already")
    parser.add_argument("--snr", type=float, default=5.0)
    parser.add_argument(
        "--manifest",
        type=Path,
        action="append",
        help="read these recordings instead of the dev set and the real out-of-domain speech (repeatable)",
    )
    args = parser.parse_args()
    skill = load_skill()
    manifests = args.manifest or [SHARED / "dev" / "manifest.jsonl", SHARED / "real_ood" / "manifest.jsonl"]
    cases = [case for manifest in manifests for case in read_manifest(manifest)]
    if args.noise:
        cases = [replace(c, noise=args.noise.stem, snr_db=args.snr) for c in cases if not c.noise]
    cases = cases[: args.limit] if args.limit else cases
    if not args.readings.exists():
        record(cases, skill, args.readings, args.noise)
    rows = [json.loads(line) for line in args.readings.read_text(encoding="utf-8").splitlines()]
    by_audio = {recording(c).name: c for c in cases}
    rows = [row for row in rows if row["audio"] in by_audio]
    print(
        "signs, signs in patients' words, questions (closeness/confidence/sure) | clean: emergency GP "
        "false-alarms ood-false-alarms questions honest controls | noisy: the same"
    )
    for rules in THRESHOLDS:
        counts = figures(by_audio, rows, skill, rules)
        cells = [_cells(counts, condition) for condition in ("clean", "noisy")]
        label = " ".join(
            "-" if rule is None else f"{rule.closeness:g}/{rule.confidence:g}/{rule.sure:g}" for rule in rules
        )
        print(f"{label:>36} | " + " | ".join(cells))
    kept, left_out = needed_only(rows, skill)
    counts = figures(by_audio, kept, skill, IN_USE)
    cells = [_cells(counts, condition) for condition in ("clean", "noisy")]
    print(
        f"{'needed passes only':>36} | "
        + " | ".join(cells)
        + f" ({left_out} of {len(IN_USE) * len(rows)} readings left out)"
    )


if __name__ == "__main__":
    main()
