"""`folderstem listen --once`: one question from the microphone, answered as text."""
from __future__ import annotations

import argparse
import sys
import time

from voice.cli.common import add_content_option, load_skill
from voice.dialogue import Session


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("listen", help="hear one question from the microphone and answer it as text")
    parser.add_argument("--once", action="store_true", required=True,
                        help="one question, then stop (the continuous spoken conversation is not built yet)")
    parser.add_argument("--engine", choices=("vosk", "whisper"),
                        help="speech recogniser (default: vosk if its Dutch model is installed, else whisper)")
    parser.add_argument("--input-device", default=None, help="microphone name or number (default: the system's)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="give up when no question starts within this time (default 30)")
    parser.add_argument("--end-silence", type=float, default=0.7, metavar="SECONDS",
                        help="the pause that ends a question (default 0.7)")
    add_content_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    skill = load_skill(args.content)
    if skill is None:
        return 2
    from voice.speech_in.endpointing import Endpointer
    from voice.speech_in.engines import EngineUnavailable, recogniser_for
    from voice.speech_in.microphone import Microphone, NoMicrophone

    try:
        recogniser = recogniser_for(args.engine, skill.leaflet, skill.language)
    except EngineUnavailable as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 2
    endpointer = Endpointer(end_silence=args.end_silence)
    question = None
    try:
        with Microphone(args.input_device) as microphone:
            print("Ik luister...", file=sys.stderr, flush=True)
            deadline = time.monotonic() + args.timeout
            for block in microphone.blocks():
                ended = endpointer.feed(block)
                if ended:
                    question = ended[0]
                    break
                if not endpointer.speaking and time.monotonic() > deadline:
                    break
    except NoMicrophone as error:
        print(f"folderstem: {error}. Without a microphone, type your questions: folderstem chat",
              file=sys.stderr)
        return 1
    if question is None:
        print(f"folderstem: no question heard within {args.timeout:g} s", file=sys.stderr)
        return 1
    heard = recogniser.recognise(question)
    print(f"[heard] {heard.best}")
    for response in Session(skill).respond(heard):
        if response.text:
            print(response.text)
    return 0
