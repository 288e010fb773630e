"""`folderstem ask`: answer questions, typed or recorded, each as the first turn of a fresh session."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from voice.cli.common import add_content_option, load_skill
from voice.cli.say import add_voice_options, speak_or_print
from voice.dialogue import Session, Skill
from voice.hearing import Heard
from voice.responses import Kind, Response

if TYPE_CHECKING:  # the speech edge loads only when recordings are asked for
    from voice.speech_in.recogniser import Recogniser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="answer typed or recorded questions as the assistant would speak them",
        description="Answer each TEXT as the first turn of a fresh session. "
        "'-' reads one utterance per line from standard input. With --wav, each argument is a "
        "recording (WAV, FLAC; any rate or channels), heard by a speech recogniser.",
    )
    parser.add_argument("text", nargs="+", metavar="TEXT")
    parser.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per utterance: {"heard", "responses": [{"kind", "topic", "text"}]}',
    )
    parser.add_argument("--wav", action="store_true", help="the arguments are recordings")
    parser.add_argument("--speak", action="store_true", help="also speak the answers aloud")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also say what decided each response: the cue and the words it matched, "
        "or the nearest taught examples and how alike they are",
    )
    parser.add_argument(
        "--engine",
        choices=("vosk", "whisper"),
        help="speech recogniser for --wav (default: vosk if its Dutch model is installed, else whisper)",
    )
    add_content_option(parser)
    add_voice_options(parser)
    parser.set_defaults(run=run)


def _utterances(texts: list[str]) -> Iterator[str]:
    for text in texts:
        if text == "-":
            for line in sys.stdin:
                yield line.rstrip("\r\n")
        else:
            yield text


def _recordings(recogniser: Recogniser, paths: list[str]) -> Iterator[tuple[str, Heard | None, str | None]]:
    """(file, heard, problem) for each recording, in order."""
    from voice.speech_in import audio_files

    for path in paths:
        try:
            yield path, recogniser.recognise(audio_files.read(Path(path))), None
        except audio_files.AudioError as error:
            yield path, None, str(error)


def run(args: argparse.Namespace) -> int:
    skill = load_skill(args.content)
    if skill is None:
        return 2
    if args.wav:
        # The speech edge loads only when recordings are asked for: typed questions stay fast.
        from voice.speech_in.audio_files import AudioError
        from voice.speech_in.engines import EngineUnavailable, recogniser_for

        try:
            recogniser = recogniser_for(args.engine, skill.leaflet, skill.language)
        except EngineUnavailable as error:
            print(f"folderstem: {error}", file=sys.stderr)
            return 2
        items = _recordings(recogniser, list(_utterances(args.text)))
        unusable = AudioError.patient
    else:
        items = ((text, Heard.text(text), None) for text in _utterances(args.text))
    status = 0
    for number, (source, heard, problem) in enumerate(items):
        if problem or heard is None:
            print(f"folderstem: {problem}", file=sys.stderr)
            responses = [Response(Kind.NOT_UNDERSTOOD, None, unusable)]
            status = 1
        else:
            responses = Session(skill).respond(heard)
        said = heard.best if heard else ""
        why = explain(skill, heard) if args.explain and heard else []
        if args.json:
            record = {"heard": said, "responses": [r.as_dict() for r in responses]}
            if args.explain:
                record["why"] = why
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            if number:
                print()
            if args.wav:
                print(f"[{source}] {said}")
            for response in responses:
                if response.text:
                    print(response.text)
            for line in why:
                print(f"  why: {line}")
            sys.stdout.flush()
        if args.speak:
            status = max(status, speak_or_print(args, [r.text for r in responses if r.text], echo=False))
    return status


def explain(skill: Skill, heard: Heard) -> list[str]:
    """What decided the responses, in English for the operator and the clinician."""
    meaning = skill.understander.understand(heard)
    lines = [f"red flag {hit.flag.id}{' (denied)' if hit.denied else ''}: {hit.why}" for hit in meaning.flags]
    lines += list(meaning.why)
    if meaning.fallback and not meaning.why:
        lines.append(f"{meaning.fallback.value}: no cue of a topic or control, and no taught example near enough")
    if meaning.match:
        lines += [f"nearest: {n.example!r} ({n.label}, {n.score:.2f})" for n in meaning.match.neighbours]
    return lines
