"""Every taught example understood as if it were not taught: what to choose mechanisms by.

The unseen sets (tests/unseen/) measure; they must not be read to tune. A choice between
two mechanisms, or a threshold, is made here instead: each example of the content is
understood by the same understanding with its own part of the learned matcher left out
(its cues stay: a cue that catches only its own example shows up in the unseen figures).

    .venv/bin/python benchmarks/taught.py [--misses]

Prints, per kind of example: topics answered first with their own topic and no alarm,
signs warned, controls recognised, not-covered and not-for-me examples given no answer
and no alarm, no-sign examples given no alarm; and the alarms on all examples that are
no sign.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from voice.dialogue import Session
from voice.evaluation.figures import Proportion
from voice.loading import load_skill
from voice.matcher import Label, LabelKind
from voice.responses import Kind, Response
from voice.understanding import examples

ALARMS = (Kind.EMERGENCY, Kind.GP)


def right(label: Label, responses: list[Response]) -> bool:
    warned = {flag.id for r in responses for flag in r.flags}
    answered = [r.topic for r in responses if r.kind is Kind.ANSWER]
    if label.kind is LabelKind.TOPIC:
        return answered[:1] == [label.id] and not warned
    if label.kind is LabelKind.RED_FLAG:
        return label.id in warned
    if label.kind is LabelKind.CONTROL:
        return bool(responses) and responses[0].kind is Kind.CONTROL and responses[0].topic == label.id
    if label.kind is LabelKind.NO_SIGN:
        return not warned
    return not answered and not warned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the examples understood wrongly")
    args = parser.parse_args()
    skill = load_skill()
    held_out = replace(skill, understander=skill.understander.holding_out())
    results = [
        (label, text, Session(held_out).respond(text)) for label, text in examples(skill.leaflet, skill.language)
    ]
    for kind in LabelKind:
        mine = [(label, responses) for label, _, responses in results if label.kind is kind]
        print(f"{kind.value}: {Proportion(sum(right(label, r) for label, r in mine), len(mine))}")
    others = [responses for label, _, responses in results if label.kind is not LabelKind.RED_FLAG]
    alarmed = sum(1 for responses in others if any(r.kind in ALARMS for r in responses))
    print(f"alarms on examples that name no sign (lower is better): {Proportion(alarmed, len(others))}")
    if args.misses:
        for label, text, responses in results:
            if not right(label, responses):
                print(f"  MISS {label} {text!r} -> {[(r.kind.value, r.about) for r in responses][:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
