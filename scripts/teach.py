"""Teach a labelled set: append its utterances to the content as examples, where a clinician reads them.

Once a set's misses have been read it measures nothing any more (tests/unseen/README.md);
its utterances are then worth more as taught examples. Each goes to the example list
its label points to:
- an emergency or GP sign: of the signs the assistant warns about now, the one its taught
  examples score highest, or the one given with `--sign ID=FLAG`;
- a question: the one given with `--topic ID=TOPIC`, or the topic answered now, where that
  answer says what the set expects; else the first topic whose answer does;
- not covered: the leaflet's not-covered examples, or, where the assistant now understands
  nothing in it (talk to someone else, chit-chat), the examples of talk not meant for it;
- a control: the control understood now, or the one given with `--control ID=CONTROL`.
Utterances taught word for word already are skipped; what cannot be placed (or is a question
or a not-covered utterance that raises a warning now) is listed, not guessed. Examples are
appended (never put first: the first two of a list are what the recogniser listens for),
under a comment saying where they came from.

    .venv/bin/python scripts/teach.py tests/unseen/set-c.tsv --note "from unseen set C ..."
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from voice.dialogue import Session
from voice.evaluation.cases import Case, read_tsv
from voice.folding import fold
from voice.hearing import Heard
from voice.language import LANGUAGE_FILE
from voice.leaflet import Leaflet, default_folder
from voice.loading import load_skill
from voice.matcher import Label, LabelKind


def _pairs(values: list[str]) -> dict[str, str]:
    return dict(value.split("=", 1) for value in values)


def _says(text: str, case: Case, skip: tuple[str, ...]) -> bool:
    spoken = f" {fold(text)} "
    items = [item for item in case.must_say if not set(item) <= set(skip)] or list(case.must_say)
    return bool(items) and all(any(f" {fold(a)} " in spoken for a in item) for item in items)


def place(
    case: Case,
    session: Session,
    leaflet: Leaflet,
    signs: dict[str, str],
    topics: dict[str, str],
    controls: dict[str, str],
) -> tuple[str, str] | None:
    """Where an utterance is taught: (file, table id), or None when it cannot be told."""
    responses = session.respond(case.text)
    kinds = case.first_kind
    if kinds in (("emergency",), ("gp",)):
        if case.id in signs:
            return "red-flags.toml", signs[case.id]
        urgency = kinds[0]
        warned = [flag.id for r in responses if r.kind.value == urgency for flag in r.flags]
        if warned:
            match = session.skill.understander.understand(Heard.text(case.text)).match
            if match is None:
                return "red-flags.toml", warned[0]
            return "red-flags.toml", max(warned, key=lambda f: match.score_of(Label(LabelKind.RED_FLAG, f)))
        flags = [f for f in leaflet.red_flags if f.warning.urgency.value == urgency]
        return ("red-flags.toml", flags[0].id) if len(flags) == 1 else None
    if "answer" in kinds:
        # a question taught must not raise a warning (tests/test_questions.py): one that does
        # shows a cue to narrow, not an example to add
        if "emergency" not in kinds and any(r.kind.value == "emergency" for r in responses):
            return None
        if case.id in topics:
            return "topics.toml", topics[case.id]
        skip = ("spoedgevallendienst", "huisarts")
        for response in responses:
            if response.kind.value == "answer" and _says(response.text, case, skip):
                return "topics.toml", response.topic or ""
        for topic in leaflet.topics:
            if _says(" ".join(topic.answer), case, skip):
                return "topics.toml", topic.id
        return None
    if set(kinds) <= {"not_covered", "not_understood"}:
        # taught as not covered, it must be said to be so (tests/test_questions.py)
        if any(r.kind.value in ("emergency", "gp") for r in responses):
            return None
        # talk that asks nothing of the leaflet ("mijn kat zit op de tafel") is not meant for
        # the assistant; taught as not covered, it would be answered "daarover staat niets"
        if responses and responses[0].kind.value == "not_understood":
            return "nl.toml", "not_for_me"
        return "leaflet.toml", "not_covered"
    if kinds == ("control",):
        if case.id in controls:
            return "nl.toml", controls[case.id]
        first = responses[0] if responses else None
        return ("nl.toml", first.topic) if first and first.kind.value == "control" and first.topic else None
    return None


def append(path: Path, table: str, texts: list[str], note: str) -> None:
    """Append texts to the `examples` list of a table (`id = "table"`, or a `[table]` section)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() in (f'id = "{table}"', f"[{table}]")), None)
    if start is None:
        raise SystemExit(f"{path}: no table {table!r}")
    opening = next(i for i in range(start, len(lines)) if lines[i].startswith("examples = ["))
    closing = next(i for i in range(opening, len(lines)) if lines[i] == "]")
    added = [f"  # {note}"] + [f"  {json.dumps(text, ensure_ascii=False)}," for text in texts]
    lines[closing:closing] = added
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--note", required=True, help="where the examples came from (a comment above them)")
    parser.add_argument("--content", type=Path, default=default_folder())
    parser.add_argument("--sign", action="append", default=[], help="ID=FLAG: the sign of an utterance")
    parser.add_argument("--topic", action="append", default=[], help="ID=TOPIC: the topic of an utterance")
    parser.add_argument("--control", action="append", default=[], help="ID=CONTROL: the control of an utterance")
    parser.add_argument("--skip", action="append", default=[], help="ID: an utterance not worth teaching")
    args = parser.parse_args()
    skill = load_skill(args.content)
    taught = {fold(text) for text in skill.understander.matcher.texts}
    signs, topics, controls = _pairs(args.sign), _pairs(args.topic), _pairs(args.control)
    chosen: dict[tuple[str, str], list[str]] = defaultdict(list)
    unplaced = []
    for case in read_tsv(args.set):
        if fold(case.text) in taught or case.id in args.skip:
            continue
        where = place(case, Session(skill), skill.leaflet, signs, topics, controls)
        if where is None:
            unplaced.append(case)
            continue
        taught.add(fold(case.text))
        chosen[where].append(re.sub(r"\s+", " ", case.text.strip()))
    for (name, table), texts in chosen.items():
        append(LANGUAGE_FILE if name == "nl.toml" else args.content / name, table, texts, args.note)
        print(f"{name} {table}: {len(texts)} examples")
    for case in unplaced:
        print(f"NOT PLACED {case.id} {'|'.join(case.first_kind)} {case.text!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
