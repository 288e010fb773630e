"""Talking over the assistant, in a simulated room: its own voice comes back into the
microphone (later, softer, reverberant), with the patient's recordings on top; heard with and
without the echo canceller.

Run by hand:  .venv/bin/python benchmarks/talk_over.py [--voice mb-nl2] [--minutes 10] [--mode with]

- Over the greeting: each dev question, red flag and GP sign (one voice, clean) said 12 s
  after the start, while the first start's warning list is being read.
- Over an answer: the same said 4 s into the answer to a first question asked 12 s after
  the start ("welke pijnstiller mag ik nemen", or "mag ik werken" for the questions on
  painkillers).
- Counted: a question answered (what the dev set says it must say is said after it), a red
  flag warned first, the GP sign sent to the GP first.
- Its own voice: "lees de hele folder voor", asked again each time it has read it all, for
  `--minutes`; every reply but the reading itself is a reply to its own echo, and is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.cli.listen import synthesiser_for  # noqa: E402
from voice.config import Settings  # noqa: E402
from voice.dialogue import Session, Skill  # noqa: E402
from voice.evaluation.cases import Case, read_manifest  # noqa: E402
from voice.folding import fold  # noqa: E402
from voice.hands_free.conversation import Conversation, Timing  # noqa: E402
from voice.hands_free.ears import BLOCK  # noqa: E402
from voice.hands_free.echo import Room, cancelled, echoed  # noqa: E402
from voice.hands_free.events import Event, Sound  # noqa: E402
from voice.hands_free.mouth import RecordingMouth  # noqa: E402
from voice.hearing import Heard  # noqa: E402
from voice.loading import load_skill  # noqa: E402
from voice.locations import shared_folder  # noqa: E402
from voice.speech_in.audio_files import RATE, read  # noqa: E402
from voice.speech_in.echo_canceller import EchoCanceller  # noqa: E402
from voice.speech_in.engines import recogniser_for  # noqa: E402
from voice.speech_in.recogniser import Recogniser  # noqa: E402
from voice.speech_out.synthesis import Synthesiser  # noqa: E402

DEV = shared_folder() / "speech" / "dev"
OVER_GREETING = 12.0  # seconds from the start: inside the warning list
INTO_ANSWER = 4.0
ASK_FIRST = 12.0  # the first question, once the greeting (without the list) and its echo are over
FIRST_QUESTIONS = ("d20", "d15")  # painkillers; may I work (for the painkiller questions)
READ_ALL = "d47"  # "lees de hele folder voor"
KINDS = ("answer", "emergency", "gp")


@dataclass
class Tally:
    """The conversation's transcript, as (seconds, who, text)."""

    lines: list[tuple[float, str, str]] = field(default_factory=list)

    def write(self, seconds: float, who: str, text: str) -> None:
        self.lines.append((seconds, who, text))

    def replies(self, after: float) -> list[tuple[float, str, str]]:
        return [line for line in self.lines if line[0] > after and line[1] != "patient"]


@dataclass(frozen=True)
class Parts:
    skill: Skill
    recogniser: Recogniser
    synthesiser: Synthesiser


def converse(parts: Parts, samples: np.ndarray, cancel: bool, warnings: bool) -> tuple[Tally, float]:
    """The transcript, and when it last fell silent."""
    tally = Tally()
    mouth = RecordingMouth(parts.synthesiser, None)
    events: Iterator[Event] = (Sound(samples[i : i + BLOCK]) for i in range(0, len(samples), BLOCK))
    events = echoed(events, Room(), mouth.played)
    canceller = EchoCanceller() if cancel else None
    if canceller:
        events = cancelled(events, canceller, mouth.played)
    timing = Timing(idle_seconds=3600)  # no asking whether the patient is still there
    conversation = Conversation(Session(parts.skill), parts.recogniser, mouth, timing, tally)
    conversation.run(events, warnings)
    if canceller:
        canceller.close()
    return tally, conversation.now - mouth.silent_for(conversation.now)


def placed(length: float, *recordings: tuple[float, np.ndarray]) -> np.ndarray:
    out = np.zeros(round(length * RATE), np.float32)
    for at, samples in recordings:
        start = round(at * RATE)
        out[start : start + len(samples)] += samples[: len(out) - start]
    return out


def handled(case: Case, replies: list[tuple[float, str, str]]) -> bool:
    """The first reply after it is of a kind the dev set allows first, and says what it must."""
    if not replies or not any(replies[0][1].startswith(kind) for kind in case.first_kind):
        return False
    said = fold(" ".join(text for at, _, text in replies if at == replies[0][0]))
    return all(any(fold(option) in said for option in group) for group in case.must_say)


def over_speech(parts: Parts, cases: list[Case], cancel: bool) -> None:
    recordings = {case.id: read(case.audio) for case in cases if case.audio}
    by_id = {case.id: case for case in cases}
    answer_starts: dict[str, float] = {}
    for where in ("greeting", "answer"):
        counts = {kind: [0, 0] for kind in KINDS}
        for case in cases:
            kind = case.first_kind[0]
            if kind not in KINDS:
                continue
            at = OVER_GREETING
            first: tuple[tuple[float, np.ndarray], ...] = ()
            if where == "answer":  # a first question on another topic
                opener = next(o for o in FIRST_QUESTIONS if not _topics(parts, by_id[o]) & _topics(parts, case))
                if opener not in answer_starts:  # when its answer starts, asked once on its own
                    alone, _ = converse(parts, placed(30, (ASK_FIRST, recordings[opener])), cancel, warnings=False)
                    answer_starts[opener] = alone.replies(after=1.0)[0][0]
                at = answer_starts[opener] + INTO_ANSWER
                first = ((ASK_FIRST, recordings[opener]),)
            tally, _ = converse(
                parts, placed(at + 10, *first, (at, recordings[case.id])), cancel, warnings=where == "greeting"
            )
            ok = handled(case, tally.replies(after=at))
            counts[kind][0] += ok
            counts[kind][1] += 1
            if not ok:
                heard = [text for seconds, who, text in tally.lines if who == "patient" and seconds > at]
                print(f"  miss over the {where}: {case.id} {case.text!r} heard {heard[:2]}", flush=True)
        figures = ", ".join(f"{kind} {right}/{total}" for kind, (right, total) in counts.items())
        print(f"{_with(cancel)} the echo canceller, said over the {where}: {figures}", flush=True)


def _topics(parts: Parts, case: Case) -> set[str]:
    return {topic.id for topic in parts.skill.understander.understand(Heard.text(case.text)).topics}


def _with(cancel: bool) -> str:
    return "with" if cancel else "without"


def monologue(parts: Parts, read_all: np.ndarray, minutes: float, cancel: bool) -> None:
    """Asked to read it all once the greeting is over, again each time it is done, for `minutes`."""
    _, done = converse(parts, placed(400, (ASK_FIRST, read_all)), cancel, warnings=False)
    length = done - ASK_FIRST  # one reading, with the time it takes to hear the request
    if length < 60:
        print(f"{_with(cancel)} the echo canceller: it did not read it all when asked", flush=True)
        return
    asks = [ASK_FIRST + n * (length + 3.0) for n in range(max(1, round(minutes * 60 / (length + 3.0))))]
    tally, _ = converse(parts, placed(asks[-1] + length + 5, *((at, read_all) for at in asks)), cancel, warnings=False)
    replies = tally.replies(after=ASK_FIRST)
    own = [line for line in replies if not any(at < line[0] < at + 8 for at in asks)]
    readings = sum(who == "control:read_all" for _, who, _ in replies)
    print(
        f"{_with(cancel)} the echo canceller, {readings} readings of it all in {(asks[-1] + length) / 60:.1f} min: "
        f"{len(own)} replies to its own echo",
        flush=True,
    )
    for seconds, who, text in own:
        print(f"  {seconds:.1f} s {who}: {text[:80]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", default="mb-nl2")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--mode", choices=("with", "without", "both"), default="both", help="the echo canceller")
    parser.add_argument("--what", choices=("over", "monologue", "both"), default="both")
    args = parser.parse_args()
    modes = {"with": (True,), "without": (False,), "both": (False, True)}[args.mode]
    skill = load_skill(None)
    parts = Parts(skill, recogniser_for("whisper", skill.leaflet, skill.language), synthesiser_for(Settings()))
    cases = [
        c
        for c in read_manifest(DEV / "manifest.jsonl")
        if c.audio is not None and c.audio.name.endswith(f"__{args.voice}_s150_p50.wav")
    ]
    for cancel in modes if args.what != "monologue" else ():
        over_speech(parts, cases, cancel)
    read_all = read(next(c.audio for c in cases if c.id == READ_ALL and c.audio))
    for cancel in modes if args.what != "over" else ():
        monologue(parts, read_all, args.minutes, cancel)


if __name__ == "__main__":
    main()
