"""`folderstem chat`: the conversation typed instead of spoken, for set-up and testing."""

from __future__ import annotations

import argparse

from voice.cli.common import add_content_option, load_skill
from voice.dialogue import Session, Skill


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "chat", help="a typed conversation with the assistant (ends with 'tot ziens' or Ctrl-D)"
    )
    add_content_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    skill = load_skill(args.content)
    if skill is None:
        return 2
    return converse(skill)


def converse(skill: Skill) -> int:
    """The typed conversation on standard input and output, until goodbye or end of input."""
    session = Session(skill)
    _show(session.greet())
    while not session.ended:
        try:
            utterance = input("> ")
        except EOFError:
            print()
            break
        _show(session.respond(utterance))
    return 0


def _show(responses: list) -> None:
    for response in responses:
        if response.text:
            print(response.text, flush=True)
