"""`folderstem ask`: answer typed questions, each as the first turn of a fresh session."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from voice.cli.common import add_content_option, load_skill
from voice.dialogue import Session


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask", help="answer typed questions as the assistant would speak them",
        description="Answer each TEXT as the first turn of a fresh session. "
        "'-' reads one utterance per line from standard input.",
    )
    parser.add_argument("text", nargs="+", metavar="TEXT")
    parser.add_argument("--json", action="store_true",
                        help='one JSON object per utterance: {"heard", "responses": [{"kind", "topic", "text"}]}')
    add_content_option(parser)
    parser.set_defaults(run=run)


def _utterances(texts: list[str]) -> Iterator[str]:
    for text in texts:
        if text == "-":
            for line in sys.stdin:
                yield line.rstrip("\r\n")
        else:
            yield text


def run(args: argparse.Namespace) -> int:
    skill = load_skill(args.content)
    if skill is None:
        return 2
    for number, utterance in enumerate(_utterances(args.text)):
        responses = Session(skill).respond(utterance)
        if args.json:
            record = {"heard": utterance, "responses": [r.as_dict() for r in responses]}
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            if number:
                print()
            for response in responses:
                if response.text:
                    print(response.text)
            sys.stdout.flush()
    return 0
