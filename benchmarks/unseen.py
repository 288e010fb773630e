"""The figures of issue 14 on a typed set: how the understanding holds on wordings it was not taught.

Run by hand, on the current code and, for the figures before a change, on an older
checkout with the same script (only `Skill`, `Session` and the set readers are used):

    .venv/bin/python benchmarks/unseen.py tests/unseen/set-a.tsv [more sets]
    PYTHONPATH=../before .venv/bin/python benchmarks/unseen.py tests/unseen/set-a.tsv

Prints, per set: emergency signs warned first, the GP sign warned first, questions
answered right (first response and the leaflet phrases expected), not covered handled
honestly, controls, and alarms on utterances that name no sign; each with its exact 95 %
interval. `--misses` lists every case handled wrongly (reading them makes a set taught).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from voice.dialogue import Session, Skill
from voice.evaluation.cases import Case, read_tsv
from voice.evaluation.figures import Proportion
from voice.evaluation.scoring import ALARMS, Outcome

Row = tuple[str, Callable[[Case], bool], Callable[[Outcome], bool]]

ROWS: list[Row] = [
    ("emergency signs warned first", lambda c: c.first_kind == ("emergency",), lambda o: o.first_ok),
    ("GP sign warned first", lambda c: c.first_kind == ("gp",), lambda o: o.first_ok),
    ("questions answered right", lambda c: "answer" in c.first_kind, lambda o: o.first_ok and o.said_all),
    ("not covered handled honestly",
     lambda c: set(c.first_kind) <= {"not_covered", "not_understood"}, lambda o: o.right),
    ("controls", lambda c: c.first_kind == ("control",), lambda o: o.first_ok),
    ("alarms where no sign is named (lower is better)",
     lambda c: not any(k in ALARMS for k in c.first_kind), lambda o: o.alarmed),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the cases handled wrongly")
    args = parser.parse_args()
    skill = Skill.load()
    for path in args.sets:
        cases = read_tsv(path)
        outcomes = []
        for case in cases:
            responses = tuple(r.as_dict() for r in Session(skill).respond(case.text))
            outcomes.append(Outcome(case, case.text, responses))
        print(f"{path} ({len(cases)} utterances)")
        for name, chosen, good in ROWS:
            picked = [o for o in outcomes if chosen(o.case)]
            print(f"  {name}: {Proportion(sum(1 for o in picked if good(o)), len(picked))}")
        if args.misses:
            for name, chosen, good in ROWS:
                wrong_when = (lambda o, g=good: g(o)) if name.startswith("alarms") else (lambda o, g=good: not g(o))
                for o in outcomes:
                    if chosen(o.case) and wrong_when(o):
                        said = [(r["kind"], r["topic"]) for r in o.responses][:3]
                        print(f"  MISS [{name}] {o.case.id} {o.case.text!r} -> {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
