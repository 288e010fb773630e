"""The figures of issue 14 on a typed set: how the understanding holds on wordings it was not taught.

Run by hand, on the current code and, for the figures before a change, on an older
checkout with the same script (only `Skill`, `Session` and the set readers are used):

    .venv/bin/python benchmarks/unseen.py tests/unseen/set-a.tsv [more sets]
    PYTHONPATH=../before .venv/bin/python benchmarks/unseen.py tests/unseen/set-a.tsv

Prints, per set: emergency signs warned first, the GP sign warned first, questions
answered right (first response and the leaflet phrases expected), not covered handled
honestly, controls, and alarms on utterances that name no sign; each with its exact 95 %
interval. `--misses` lists every case handled wrongly (reading them makes a set taught).
An utterance the content teaches word for word is not unseen: it is left out of the
figures and counted apart (`--all` keeps it in). To compare two checkouts on the same
utterances, give each the other's folder with `--taught-in` so both leave out what either teaches.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from voice.dialogue import Session
from voice.evaluation.cases import Case, read_tsv
from voice.evaluation.figures import Proportion
from voice.evaluation.scoring import ALARMS, Outcome
from voice.folding import fold
from voice.loading import load_skill

Row = tuple[str, Callable[[Case], bool], Callable[[Outcome], bool]]

ROWS: list[Row] = [
    ("emergency signs warned first", lambda c: c.first_kind == ("emergency",), lambda o: o.first_ok),
    ("GP sign warned first", lambda c: c.first_kind == ("gp",), lambda o: o.first_ok),
    ("questions answered right", lambda c: "answer" in c.first_kind, lambda o: o.first_ok and o.said_all),
    (
        "not covered handled honestly",
        lambda c: set(c.first_kind) <= {"not_covered", "not_understood"},
        lambda o: o.right,
    ),
    ("controls", lambda c: c.first_kind == ("control",), lambda o: o.first_ok),
    (
        "alarms where no sign is named (lower is better)",
        lambda c: not any(k in ALARMS for k in c.first_kind),
        lambda o: o.alarmed,
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the cases handled wrongly")
    parser.add_argument("--all", action="store_true", help="keep the utterances taught word for word")
    parser.add_argument(
        "--taught-in", type=Path, action="append", default=[], help="a checkout whose examples count as taught too"
    )
    args = parser.parse_args()
    skill = load_skill()
    taught = {fold(text) for text in skill.understander.matcher.texts}
    for checkout in args.taught_in:
        taught |= {fold(text) for text in _examples_in(checkout)}
    for path in args.sets:
        cases = read_tsv(path)
        known = [c for c in cases if fold(c.text) in taught]
        if not args.all:
            cases = [c for c in cases if fold(c.text) not in taught]
        outcomes = []
        for case in cases:
            responses = tuple(r.as_dict() for r in Session(skill).respond(case.text))
            outcomes.append(Outcome(case, case.text, responses))
        kept = "kept" if args.all else "left out"
        print(f"{path} ({len(cases)} utterances; {len(known)} taught word for word, {kept})")
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


def _examples_in(checkout: Path) -> list[str]:
    """Every string of every `examples` list in a checkout's content and language files."""
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                if key == "examples" and isinstance(v, str):
                    found.append(v)
                else:
                    walk(v, key)

    for path in [*checkout.glob("content/*/*.toml"), checkout / "voice" / "nl.toml"]:
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


if __name__ == "__main__":
    sys.exit(main())
