"""What interrupts the assistant while it speaks: the patient's red flags should, its own
voice heard back through the microphone should not.

Run by hand:  .venv/bin/python benchmarks/barge_in.py [--examples 10]
- Red flags over its voice: every flag's taught examples (the first --examples of each),
  typed, said over the greeting, each warning and a few answers, alone and after a stretch
  of that speech (its echo and the patient in one utterance): where that speech does not
  warn about the flag already, counted if they interrupt it; where it does (then it need not
  be cut short), counted if they are answered once it has spoken.
- Its own voice: stretches of one to three clauses of the same speeches, synthesised with
  the assistant's voice, at full and at a third of the level with a little noise, heard
  by Whisper (the full and the quick hearing, as over its voice); every interruption, and
  every sign answered after it, is a false one, and is printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.audio import resample  # noqa: E402
from voice.dialogue import Session, Skill  # noqa: E402
from voice.hearing import Heard  # noqa: E402
from voice.loading import load_skill  # noqa: E402
from voice.own_voice import barge_in  # noqa: E402
from voice.speech_in.audio_files import RATE  # noqa: E402

ASKED = ("welke pijnstiller mag ik nemen", "mag ik werken", "mag ik sporten", "moet ik in bed blijven")


def speeches(skill: Skill) -> list[list[str]]:
    """What the assistant says at length: the greeting, every warning, some answers."""
    said = [[r.text for r in Session(skill).greet(True)]]
    said += [[r.text for r in Session(skill).respond(question)] for question in ASKED]
    for warning in skill.leaflet.warnings:
        flags = tuple(flag for flag in skill.leaflet.red_flags if flag.warning == warning)
        said.append([skill.warning(warning, flags, denied=False).text])
    return said


def flags_over_its_voice(skill: Skill, said: list[list[str]], per_flag: int) -> None:
    understander = skill.understander
    for mixed in (False, True):
        for warned in (False, True):
            heeded = total = 0
            missed: dict[str, int] = {}
            for saying in said:
                own = {hit.flag.id for hit in understander.understand(Heard.text(" ".join(saying))).flags}
                echo = [s for text in saying for s in stretches(text)]
                for flag in skill.leaflet.red_flags:
                    if (flag.id in own) != warned:
                        continue
                    for n, example in enumerate(flag.examples[:per_flag]):
                        heard = f"{echo[n % len(echo)]} {example}" if mixed else example
                        total += 1
                        verdict = barge_in(understander, Heard.text(heard), saying)
                        if verdict.warned_already if warned else verdict.flags:
                            heeded += 1
                        else:
                            missed[flag.id] = missed.get(flag.id, 0) + 1
            how = "after a stretch of its own voice, in one utterance" if mixed else "alone"
            what = "that it warns about, answered once it has spoken" if warned else "that interrupt it"
            print(f"red flags said over its voice, {how}, {what}: {heeded}/{total}")
            for flag_id, count in sorted(missed.items(), key=lambda item: -item[1]):
                print(f"  not: {flag_id} {count}")


def stretches(text: str) -> list[str]:
    """One to three consecutive clauses of a text."""
    clauses = [c.strip() for c in re.split(r"(?<=[.;:?!,])\s+", text) if len(c.split()) >= 2]
    return [" ".join(clauses[i : i + n]) for n in (1, 2, 3) for i in range(0, len(clauses) - n + 1, n)]


def own_voice_heard_back(skill: Skill, said: list[list[str]]) -> None:
    from voice.speech_in.engines import recogniser_for
    from voice.speech_out import voices
    from voice.speech_out.synthesis import Synthesiser

    recogniser = recogniser_for("whisper", skill.leaflet, skill.language)
    synthesiser = Synthesiser(voices.default())
    noise = np.random.default_rng(7)
    false = total = 0
    for saying in said:
        for text in (s for t in saying for s in stretches(t)):
            audio = synthesiser.synthesise(text)
            samples = resample(audio.samples, audio.rate, RATE)
            for level in (1.0, 0.33):
                sound = (samples * level + noise.normal(0, 0.003, len(samples))).astype(np.float32)
                for hear in (recogniser.recognise, recogniser.quick):
                    heard = hear(sound)
                    total += 1
                    verdict = barge_in(skill.understander, heard, saying)
                    if verdict.interrupts or verdict.warned_already:
                        false += 1
                        print(f"  taken for the patient ({verdict}): {[t.text for t in heard.alternatives]}")
    print(f"its own voice heard back that it takes for the patient: {false}/{total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10, help="taught examples per red flag (default 10)")
    parser.add_argument("--no-speech", action="store_true", help="only the typed red flags")
    args = parser.parse_args()
    skill = load_skill()
    said = speeches(skill)
    flags_over_its_voice(skill, said, args.examples)
    if not args.no_speech:
        own_voice_heard_back(skill, said)


if __name__ == "__main__":
    main()
