"""`folderstem eval`: figures on a test set, with a report a hospital can read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voice.cli.common import add_content_option, load_skill
from voice.evaluation.cases import SetError, read_set

HEARERS = ("text", "whisper", "vosk")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure red-flag recall, false alarms and answers on a test set",
        description="Run test sets (a .tsv of typed utterances or a .jsonl manifest of recordings, "
        "in the formats of shared/speech) through the assistant and write a report.",
    )
    parser.add_argument("sets", nargs="+", type=Path, metavar="SET")
    parser.add_argument(
        "--engine",
        choices=HEARERS,
        default="text",
        help="'text' uses each case's reference text (understanding alone); 'whisper' and 'vosk' hear the recordings",
    )
    parser.add_argument(
        "--noise",
        type=Path,
        action="append",
        default=[],
        metavar="WAV",
        help="background noise to mix into every recording (repeatable)",
    )
    parser.add_argument(
        "--snr", default="20,10,5,0", metavar="DB,DB,...", help="signal-to-noise ratios for --noise (default 20,10,5,0)"
    )
    parser.add_argument("--out", type=Path, default=Path("report"), metavar="DIR")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N cases of each set")
    add_content_option(parser)
    parser.set_defaults(run=run_eval)


def _snrs(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise SetError(f"--snr must be numbers separated by commas, not {text!r}") from None


def run_eval(args: argparse.Namespace) -> int:
    try:
        cases = []
        for path in args.sets:
            cases += read_set(path)[: args.limit]
        snrs = _snrs(args.snr)
        if args.noise and args.engine == "text":
            raise SetError("--noise needs recordings heard by a recogniser, not --engine text")
        for noise in args.noise:
            if not noise.is_file():
                raise SetError(f"{noise}: no such noise file")
    except SetError as error:
        print(f"folderstem eval: {error}", file=sys.stderr)
        return 2
    if not cases:
        print("folderstem eval: the sets hold no cases", file=sys.stderr)
        return 2
    skill = load_skill(args.content)
    if skill is None:
        return 2
    # Imported here: the statistics and plotting libraries are slow to load for other commands.
    from voice.evaluation import report
    from voice.evaluation.runner import Hearer, TypedHearer, conditions, run

    if args.engine == "text":
        hearer: Hearer = TypedHearer()
    else:
        from voice.evaluation.recordings import RecordingHearer
        from voice.speech_in.engines import EngineUnavailable, recogniser_for

        try:
            hearer = RecordingHearer(recogniser_for(args.engine, skill.leaflet, skill.language))
        except EngineUnavailable as error:
            print(f"folderstem eval: {error}", file=sys.stderr)
            return 2
    outcomes = run(skill, cases, hearer, conditions(args.noise, snrs), progress=sys.stderr.isatty())
    written = report.write(outcomes, args.out, f"Folderstem evaluation: {', '.join(p.name for p in args.sets)}")
    for line in report.summary(outcomes):
        print(line)
    print(f"report: {written[1]}")
    return 0
